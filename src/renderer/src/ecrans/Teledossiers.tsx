import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react';
import type {
  BilanCloture,
  ComptesOnglets,
  DossierLigne,
  ExamenCloture,
  FiltreDossiers,
  Onglet,
  Selection,
  TriDossiers,
} from '../../../shared/app-api/index.js';
import { api, versErreurApp } from '../api.js';
import { EchecsTelechargement, ListeEcarts, ResultatCloture } from '../composants/BilanMasse.js';
import { Confirmation } from '../composants/Confirmation.js';
import { BadgeNonLus } from '../composants/BadgeNonLus.js';
import { CaseACocher, ChampListe, ChampSaisie, ChampTexte, Message } from '../composants/Formulaire.js';
import { Progression, useTacheArchives } from '../composants/Progression.js';
import { Onglets } from '../composants/Onglets.js';
import { Titre } from '../composants/Titre.js';
import { attendreAction } from '../suivi.js';
import { useApp, useAppel, useEvenement, type Ecran } from '../contexte.js';
import { LIBELLE_PERTE } from '../composants/Pertes.js';
import { date, joursAvant, nombre, pluriel } from '../format.js';

const TAILLE_PAGE = 200;
const HAUTEUR_LIGNE = 36;

interface Saisie {
  onglet: Onglet;
  du: string;
  au: string;
  demarche: string;
  etat: string;
  archive: '' | 'oui' | 'non';
  archivage: Archivage;
  recherche: string;
  /** Only these dossiers: those a mass action left out (« Afficher ces dossiers »). */
  numeros: string[];
  /** « Messages non lus »: a citizen's message waits (portal demandes). */
  messagesNonLus: boolean;
  /** « Rendez-vous proches »: a planned rendez-vous within 7 days (portal demandes). */
  rendezVousProches: boolean;
}

/** The archive filter: à risque, perdus (supprimés sans archive), archives manquantes ou endommagées. */
export type Archivage = '' | 'risque' | 'perdus' | 'defectueuses';

const SAISIE_VIDE: Saisie = {
  onglet: 'a-traiter',
  du: '',
  au: '',
  demarche: '',
  etat: '',
  archive: '',
  archivage: '',
  recherche: '',
  numeros: [],
  messagesNonLus: false,
  rendezVousProches: false,
};

/** The list as it was when a dossier was opened from it, so that coming back finds it unchanged. */
interface Retour {
  /** The filter and sort it was drawn with (see cleDe): another one starts from the top. */
  cle: string;
  total: number;
  /** The row of the opened dossier, focused again on return. */
  index: number;
  numero: string;
}

/** Kept while the agent opens a dossier and comes back. */
const memoire: { saisie: Saisie; tri: TriDossiers; defilement: number; retour: Retour | null } = {
  saisie: SAISIE_VIDE,
  tri: { colonne: 'deposeLe', sens: 'desc' },
  defilement: 0,
  retour: null,
};

function cleDe(filtre: FiltreDossiers, tri: TriDossiers): string {
  return JSON.stringify([filtre, tri]);
}

/** What to restore when the list is drawn again: a return with the same filter and sort. */
function retourAttendu(): Retour | null {
  // Pure (React may call it twice): the return is forgotten by the effect that restores it.
  const r = memoire.retour;
  return r && r.cle === cleDe(versFiltre(memoire.saisie), memoire.tri) ? r : null;
}

function versFiltre(s: Saisie): FiltreDossiers {
  // The tabs say which dossiers (open, closed, deleted…); every other criterion applies inside them.
  const f: FiltreDossiers = { onglet: s.onglet, supprimes: 'inclure' };
  if (s.du) f.du = s.du;
  if (s.au) f.au = s.au;
  if (s.demarche) f.demarche = s.demarche;
  if (s.etat) f.etat = Number(s.etat);
  if (s.archive) f.archive = s.archive === 'oui';
  if (s.recherche.trim()) f.recherche = s.recherche.trim();
  if (s.archivage === 'risque') f.risque = true;
  if (s.archivage === 'perdus') f.perdus = true;
  if (s.archivage === 'defectueuses') f.archivesDefectueuses = true;
  if (s.numeros.length) f.numeros = s.numeros;
  if (s.messagesNonLus) f.messagesNonLus = true;
  if (s.rendezVousProches) f.rendezVousProches = true;
  return f;
}

/** Opens the list on a tab with only the given filter (the dashboard's cards). */
export function ouvrirListe(
  aller: (e: Ecran) => void,
  choix: Partial<Pick<Saisie, 'onglet' | 'archivage' | 'messagesNonLus' | 'rendezVousProches'>>,
): void {
  memoire.saisie = { ...SAISIE_VIDE, onglet: 'tous', ...choix };
  memoire.defilement = 0;
  memoire.retour = null;
  aller({ nom: 'dossiers' });
}

/** Opens the list with only the given archive filter. */
export function ouvrirListeFiltree(aller: (e: Ecran) => void, archivage: Archivage): void {
  ouvrirListe(aller, { archivage });
}

type Choix = { mode: 'liste'; numeros: Set<string> } | { mode: 'tous'; exclus: Set<string> };

const COLONNES: { cle: TriDossiers['colonne']; libelle: string; classe: string }[] = [
  { cle: 'numero', libelle: 'Numéro', classe: 'c-numero' },
  { cle: 'demarche', libelle: 'Démarche', classe: 'c-demarche' },
  { cle: 'etat', libelle: 'État', classe: 'c-etat' },
  { cle: 'deposeLe', libelle: 'Date de soumission', classe: 'c-date' },
  { cle: 'expireLe', libelle: 'Expire le', classe: 'c-date' },
  { cle: 'archive', libelle: 'Archivé', classe: 'c-archive' },
];

export function Teledossiers() {
  const { referentiel, libelle, aller, toast, connexion } = useApp();
  const [saisie, setSaisie] = useState<Saisie>(memoire.saisie);
  /** Sets one filter field from its control's value. */
  const filtrer =
    <K extends keyof Saisie>(cle: K) =>
    (v: string) =>
      setSaisie((s) => ({ ...s, [cle]: v as Saisie[K] }));
  const [recherche, setRecherche] = useState(memoire.saisie.recherche);
  const [tri, setTri] = useState<TriDossiers>(memoire.tri);
  const [retour] = useState(retourAttendu);
  // Known at once on return: the rows have their height before the first page comes back, so the
  // scroll position is not clamped to an empty list (which drew no row until the agent scrolled).
  const [total, setTotal] = useState<number | null>(retour?.total ?? null);
  const [erreur, setErreur] = useState<string | null>(null);
  const [, setVersion] = useState(0);
  const pages = useRef(new Map<number, DossierLigne[]>());
  const enVol = useRef(new Set<number>());
  const genPage = useRef(new Map<number, number>());
  const generation = useRef(0);
  const [choix, setChoix] = useState<Choix>({ mode: 'liste', numeros: new Set() });
  const [actif, setActifEtat] = useState(retour?.index ?? 0);
  const actifRef = useRef(retour?.index ?? 0);
  const setActif = useCallback((i: number) => {
    actifRef.current = i;
    setActifEtat(i);
  }, []);
  const [dialogue, setDialogue] = useState<null | 'telecharger' | 'cloturer'>(null);
  const [commentaire, setCommentaire] = useState('');
  /** The selection the close dialog was opened on, and what the core says it would do with it. */
  const [selectionCloture, setSelectionCloture] = useState<Selection | null>(null);
  const [examen, setExamen] = useState<ExamenCloture | null>(null);
  const [bilanCloture, setBilanCloture] = useState<BilanCloture | null>(null);
  const [actionEnCours, setActionEnCours] = useState<string | null>(null);
  const tache = useTacheArchives(() => rafraichir());
  const conteneur = useRef<HTMLDivElement | null>(null);
  const virtualiseurRef = useRef<{ getVirtualItems: () => { index: number }[] } | null>(null);
  const lectureSeule = connexion.mode === 'lecture-seule';
  const joursRisque = useAppel('parametres.lire', {}).donnees?.joursRisque ?? 7;
  const [comptes, setComptes] = useState<ComptesOnglets | null>(null);

  // Debounce the search box.
  useEffect(() => {
    const t = window.setTimeout(
      () => setSaisie((s) => (s.recherche === recherche ? s : { ...s, recherche })),
      300,
    );
    return () => window.clearTimeout(t);
  }, [recherche]);

  const filtre = useMemo(() => versFiltre(saisie), [saisie]);
  const cleFiltre = cleDe(filtre, tri);

  useEffect(() => {
    memoire.saisie = saisie;
    memoire.tri = tri;
  }, [saisie, tri]);

  /** Loads a page unless it is already there for the current generation. */
  const chargerPage = useCallback(
    (index: number) => {
      const gen = generation.current;
      if (genPage.current.get(index) === gen || enVol.current.has(index)) return;
      enVol.current.add(index);
      api
        .call('dossiers.lister', { filtre, tri, offset: index * TAILLE_PAGE, limite: TAILLE_PAGE })
        .then(
          (r) => {
            if (gen !== generation.current) return;
            pages.current.set(index, r.elements);
            genPage.current.set(index, gen);
            setTotal(r.total);
            setErreur(null);
            setVersion((v) => v + 1);
          },
          (e: unknown) => {
            if (gen === generation.current) setErreur(versErreurApp(e).message);
          },
        )
        .finally(() => {
          if (gen === generation.current) enVol.current.delete(index);
        });
    },
    [cleFiltre],
  );

  // New filter or sort: start again from the top (on return, the remembered count stays meanwhile).
  const premierRendu = useRef(true);
  useEffect(() => {
    generation.current += 1;
    pages.current = new Map();
    genPage.current = new Map();
    enVol.current = new Set();
    if (!(premierRendu.current && retour)) {
      setTotal(null);
      setChoix({ mode: 'liste', numeros: new Set() });
    }
    premierRendu.current = false;
    chargerPage(0);
  }, [chargerPage, retour]);

  /** Data changed: keep the rows on screen and reload the pages in view. */
  const rafraichir = useCallback(() => {
    generation.current += 1;
    enVol.current = new Set();
    const vus = virtualiseurRef.current?.getVirtualItems() ?? [];
    const a = Math.floor((vus[0]?.index ?? 0) / TAILLE_PAGE);
    const b = Math.floor((vus[vus.length - 1]?.index ?? 0) / TAILLE_PAGE);
    for (let p = a; p <= b; p++) chargerPage(p);
  }, [chargerPage]);

  // The tabs' counts, under every criterion but the tab itself.
  const filtreSansOnglet = useMemo(() => versFiltre({ ...saisie, onglet: 'tous' }), [saisie]);
  const [tourComptes, setTourComptes] = useState(0);
  useEffect(() => {
    let actif = true;
    api.call('dossiers.compterOnglets', { filtre: filtreSansOnglet }).then(
      (c) => {
        if (actif) setComptes(c);
      },
      (e: unknown) => {
        if (actif) setErreur(versErreurApp(e).message);
      },
    );
    return () => {
      actif = false;
    };
  }, [filtreSansOnglet, tourComptes]);

  const surChangement = () => {
    rafraichir();
    setTourComptes((t) => t + 1);
  };
  useEvenement('dossiers.changes', surChangement);
  useEvenement('synchro.terminee', surChangement);

  const nb = total ?? 0;
  const virtualiseur = useVirtualizer({
    count: nb,
    getScrollElement: () => conteneur.current,
    estimateSize: () => HAUTEUR_LIGNE,
    overscan: 12,
    initialOffset: memoire.defilement,
  });
  const items = virtualiseur.getVirtualItems();
  virtualiseurRef.current = virtualiseur;

  // Back from a dossier: the same place in the list, the dossier's row in view and focused.
  useLayoutEffect(() => {
    memoire.retour = null;
    if (!retour) return;
    virtualiseur.scrollToOffset(memoire.defilement);
    let essais = 0;
    const focaliser = () => {
      const rangee = document.querySelector<HTMLElement>(`.grille-ligne[data-numero="${retour.numero}"]`);
      if (rangee) {
        const index = Number(rangee.dataset.index);
        actifRef.current = index;
        setActifEtat(index);
        rangee.focus({ preventScroll: true });
      } else if (essais++ < 120) {
        if (essais === 30) virtualiseur.scrollToIndex(retour.index, { align: 'auto' });
        window.requestAnimationFrame(focaliser);
      }
    };
    window.requestAnimationFrame(() => {
      virtualiseur.scrollToIndex(retour.index, { align: 'auto' });
      focaliser();
    });
    // Once, at the return: later changes of the list are the agent's.
  }, [retour]);

  // Fetch the pages the visible window needs.
  const premier = items[0]?.index ?? 0;
  const dernier = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (total === null) return;
    // While the scrollbar is dragged through 100 000 rows, only the window where it stops is fetched.
    const minuterie = window.setTimeout(() => {
      for (let p = Math.floor(premier / TAILLE_PAGE); p <= Math.floor(dernier / TAILLE_PAGE); p++)
        chargerPage(p);
    }, 60);
    return () => window.clearTimeout(minuterie);
  }, [premier, dernier, total, chargerPage]);

  // The list is always reachable by Tab: when the active row is scrolled away, the first row drawn is.
  const premierDessine = items.find((v) => ligne(v.index))?.index;
  const actifDessine = items.some((v) => v.index === actif && ligne(v.index));

  function ligne(i: number): DossierLigne | undefined {
    return pages.current.get(Math.floor(i / TAILLE_PAGE))?.[i % TAILLE_PAGE];
  }

  const nbChoisis = choix.mode === 'tous' ? nb - choix.exclus.size : choix.numeros.size;
  const estChoisi = (numero: string) =>
    choix.mode === 'tous' ? !choix.exclus.has(numero) : choix.numeros.has(numero);

  function basculer(numero: string) {
    setChoix((c) => {
      if (c.mode === 'tous') {
        const exclus = new Set(c.exclus);
        if (exclus.has(numero)) exclus.delete(numero);
        else exclus.add(numero);
        return { mode: 'tous', exclus };
      }
      const numeros = new Set(c.numeros);
      if (numeros.has(numero)) numeros.delete(numero);
      else numeros.add(numero);
      return { mode: 'liste', numeros };
    });
  }

  function toutBasculer() {
    setChoix((c) =>
      c.mode === 'tous' && c.exclus.size === 0
        ? { mode: 'liste', numeros: new Set() }
        : { mode: 'tous', exclus: new Set() },
    );
  }

  /** The selection as the core wants it; with exclusions, the filtered numéros are listed first. */
  async function selectionCourante(): Promise<Selection | null> {
    if (choix.mode === 'liste') return choix.numeros.size ? { numeros: [...choix.numeros] } : null;
    if (choix.exclus.size === 0) return { filtre };
    const numeros: string[] = [];
    for (let offset = 0; offset < nb; offset += 500) {
      setActionEnCours(`Préparation de la sélection… ${nombre(offset)} / ${nombre(nb)}`);
      const r = await api.call('dossiers.lister', { filtre, tri, offset, limite: 500 });
      for (const d of r.elements) if (!choix.exclus.has(d.numero)) numeros.push(d.numero);
      if (r.elements.length < 500) break;
    }
    return numeros.length ? { numeros } : null;
  }

  /** `numeros`: « Réessayer » after a download, with just the dossiers that failed. */
  async function telecharger(numeros?: string[]) {
    setDialogue(null);
    try {
      const selection = numeros ? { numeros } : await selectionCourante();
      if (!selection) return;
      setActionEnCours('Démarrage du téléchargement…');
      const r = await api.call('archives.telecharger', { selection });
      tache.demarrer(r.tacheId, r.total);
    } catch (e) {
      toast(versErreurApp(e).message, 'erreur');
    } finally {
      setActionEnCours(null);
    }
  }

  /** The list shows only these dossiers (every other filter cleared, so none of them is hidden). */
  function afficherSeulement(numeros: string[]) {
    setRecherche('');
    setSaisie({ ...SAISIE_VIDE, onglet: 'tous', numeros });
  }

  async function ouvrirCloture() {
    try {
      const selection = await selectionCourante();
      if (!selection) return;
      setExamen(null);
      setSelectionCloture(selection);
      setDialogue('cloturer');
    } catch (e) {
      toast(versErreurApp(e).message, 'erreur');
    } finally {
      setActionEnCours(null);
    }
  }

  // The dialog says beforehand which dossiers cannot be closed and why (the core's own rules, the
  // comment included: a workflow may require one).
  useEffect(() => {
    if (dialogue !== 'cloturer' || !selectionCloture) return;
    let actuel = true;
    const t = window.setTimeout(() => {
      api
        .call('actions.examinerCloture', {
          selection: selectionCloture,
          ...(commentaire.trim() ? { commentaire: commentaire.trim() } : {}),
        })
        .then(
          (r) => {
            if (actuel) setExamen(r);
          },
          (e: unknown) => {
            if (!actuel) return;
            setDialogue(null);
            toast(versErreurApp(e).message, 'erreur');
          },
        );
    }, 250);
    return () => {
      actuel = false;
      window.clearTimeout(t);
    };
  }, [dialogue, selectionCloture, commentaire]);

  async function cloturer() {
    const selection = selectionCloture;
    setDialogue(null);
    if (!selection) return;
    try {
      setActionEnCours('Clôture en cours…');
      setBilanCloture(null);
      const creation = await api.call('actions.cloturer', {
        selection,
        ...(commentaire.trim() ? { commentaire: commentaire.trim() } : {}),
      });
      let bilan = creation;
      if (creation.actions.length > 0) {
        setActionEnCours(`Clôture de ${pluriel(creation.dossiers, 'dossier')} : envoi au guichet…`);
        await Promise.all(
          creation.actions.map((a) =>
            a.statut === 'envoyee' ? null : attendreAction(a.id, () => connexion.mode !== 'en-ligne', 60_000),
          ),
        );
        const suivi = await api.call('actions.suivreCloture', {
          ids: creation.actions.map((a) => a.id),
        });
        bilan = { ...suivi, ecartes: creation.ecartes };
      }
      setBilanCloture(bilan);
      const manques = bilan.ecartes.length + bilan.refuses.length;
      toast(
        [
          bilan.envoyes.length ? `Clôture envoyée pour ${pluriel(bilan.envoyes.length, 'dossier')}.` : '',
          bilan.enAttente.length
            ? `Hors ligne : la clôture de ${pluriel(bilan.enAttente.length, 'dossier')} est en file d'attente.`
            : '',
          manques
            ? `${pluriel(manques, 'dossier non clôturé', 'dossiers non clôturés')} : voir le résultat.`
            : '',
        ]
          .filter(Boolean)
          .join(' ') || 'Aucun dossier clôturé.',
        manques ? 'erreur' : bilan.enAttente.length ? 'info' : 'succes',
      );
      setCommentaire('');
      setSelectionCloture(null);
      setChoix({ mode: 'liste', numeros: new Set() });
      rafraichir();
    } catch (e) {
      toast(versErreurApp(e).message, 'erreur');
    } finally {
      setActionEnCours(null);
    }
  }

  function ouvrir(numero: string, index: number) {
    memoire.defilement = virtualiseur.scrollOffset ?? 0;
    memoire.retour = { cle: cleFiltre, total: nb, index, numero };
    aller({ nom: 'dossier', numero });
  }

  /** From the search box or the skip link, straight to the list's active row (or its first drawn). */
  /** Makes row `index` the active one, scrolls it into view and focuses it once it is drawn. */
  function activerLigne(index: number) {
    setActif(index);
    virtualiseur.scrollToIndex(index, { align: 'auto' });
    // Focus follows once the row is rendered, unless the agent has moved on meanwhile.
    let essais = 0;
    const focaliser = () => {
      if (actifRef.current !== index) return;
      const el = document.getElementById(`ligne-${index}`);
      if (el) el.focus({ preventScroll: true });
      else if (essais++ < 20) window.requestAnimationFrame(focaliser);
    };
    window.requestAnimationFrame(focaliser);
  }

  function allerALaListe() {
    activerLigne(actifDessine ? actif : (premierDessine ?? 0));
  }

  function clavier(ev: KeyboardEvent<HTMLDivElement>) {
    if (nb === 0) return;
    const courant = actifRef.current;
    let suivant = courant;
    switch (ev.key) {
      case 'ArrowDown':
        suivant = Math.min(nb - 1, courant + 1);
        break;
      case 'ArrowUp':
        suivant = Math.max(0, courant - 1);
        break;
      case 'PageDown':
        suivant = Math.min(nb - 1, courant + 15);
        break;
      case 'PageUp':
        suivant = Math.max(0, courant - 15);
        break;
      case 'Home':
        suivant = 0;
        break;
      case 'End':
        suivant = nb - 1;
        break;
      case ' ': {
        const d = ligne(courant);
        if (d && (ev.target as HTMLElement).tagName !== 'INPUT') {
          ev.preventDefault();
          basculer(d.numero);
        }
        return;
      }
      case 'Enter': {
        const d = ligne(courant);
        if (d && (ev.target as HTMLElement).tagName !== 'BUTTON') {
          ev.preventDefault();
          ouvrir(d.numero, courant);
        }
        return;
      }
      default:
        return;
    }
    ev.preventDefault();
    activerLigne(suivant);
  }

  function trier(colonne: TriDossiers['colonne']) {
    setTri((t) =>
      t.colonne === colonne
        ? { colonne, sens: t.sens === 'asc' ? 'desc' : 'asc' }
        : { colonne, sens: colonne === 'deposeLe' ? 'desc' : 'asc' },
    );
  }

  const etats = useMemo(() => {
    const vus = new Map<number, string>();
    for (const w of referentiel?.workflows ?? [])
      for (const e of w.etats) if (!vus.has(e.code)) vus.set(e.code, e.libelle);
    return [...vus.entries()].sort((a, b) => a[0] - b[0]);
  }, [referentiel]);

  // The « Messages non lus » filter only when a workflow of this guichet has échanges.
  const avecEchanges = referentiel?.workflows.some((w) => w.echanges !== undefined) ?? false;

  const toutCoche = choix.mode === 'tous' && choix.exclus.size === 0 && nb > 0;
  const partiel = nbChoisis > 0 && !toutCoche;

  return (
    <div className="ecran-liste">
      {/* About 20 controls stand between the search box and the first row: one Tab skips them. */}
      <a
        className="evitement"
        href="#grille-dossiers"
        onClick={(e) => {
          e.preventDefault();
          allerALaListe();
        }}
      >
        Aller à la liste des dossiers
      </a>
      <div className="titre-ligne">
        <Titre>Télédossiers à traiter</Titre>
        <span className="discret" aria-live="polite">
          {total === null
            ? 'Chargement…'
            : `Nombre de télédossiers correspondant à la recherche : ${nombre(nb)}`}
        </span>
      </div>

      <form
        className="filtres"
        role="search"
        aria-label="Filtrer les télédossiers"
        onSubmit={(e) => {
          e.preventDefault();
          setSaisie((s) => ({ ...s, recherche }));
        }}
      >
        <ChampSaisie
          id="recherche"
          libelle="Rechercher"
          className="recherche"
          type="search"
          placeholder="Numéro (A-5-…) ou texte"
          valeur={recherche}
          onValeur={setRecherche}
          onKeyDown={(e) => {
            if (e.key !== 'ArrowDown') return;
            e.preventDefault();
            setSaisie((s) => ({ ...s, recherche }));
            allerALaListe();
          }}
          aria-keyshortcuts="Control+K /"
        />
        <ChampSaisie
          id="filtre-du"
          libelle="Du"
          type="date"
          valeur={saisie.du}
          max={saisie.au || undefined}
          onValeur={filtrer('du')}
        />
        <ChampSaisie
          id="filtre-au"
          libelle="Au"
          type="date"
          valeur={saisie.au}
          min={saisie.du || undefined}
          onValeur={filtrer('au')}
        />
        <ChampListe
          id="filtre-demarche"
          libelle="Démarche"
          valeur={saisie.demarche}
          onValeur={filtrer('demarche')}
        >
          <option value="">Toutes</option>
          {referentiel?.demarches.map((d) => (
            <option key={d.code} value={d.code}>
              {d.intitule}
            </option>
          ))}
        </ChampListe>
        <ChampListe id="filtre-etat" libelle="État" valeur={saisie.etat} onValeur={filtrer('etat')}>
          <option value="">Tous</option>
          {etats.map(([code, lib]) => (
            <option key={code} value={code}>
              {lib}
            </option>
          ))}
        </ChampListe>
        <ChampListe
          id="filtre-archive"
          libelle="Archivé"
          valeur={saisie.archive}
          onValeur={filtrer('archive')}
        >
          <option value="">Tous</option>
          <option value="oui">Oui</option>
          <option value="non">Non</option>
        </ChampListe>
        <ChampListe
          id="filtre-archivage"
          libelle="Archivage"
          valeur={saisie.archivage}
          onValeur={filtrer('archivage')}
        >
          <option value="">Tous</option>
          <option value="risque">À risque</option>
          <option value="perdus">Perdus</option>
          <option value="defectueuses">Archives à contrôler</option>
        </ChampListe>
        {avecEchanges && (
          <CaseACocher
            id="filtre-messages-non-lus"
            libelle="Messages non lus"
            coche={saisie.messagesNonLus}
            onCoche={(messagesNonLus) => setSaisie((s) => ({ ...s, messagesNonLus }))}
          />
        )}
        {avecEchanges && (
          <CaseACocher
            id="filtre-rendez-vous-proches"
            libelle="Rendez-vous proches (7 jours)"
            coche={saisie.rendezVousProches}
            onCoche={(rendezVousProches) => setSaisie((s) => ({ ...s, rendezVousProches }))}
          />
        )}
        <div className="champ boutons">
          <button
            type="button"
            onClick={() => {
              setRecherche('');
              setSaisie(SAISIE_VIDE);
            }}
          >
            Réinitialiser
          </button>
        </div>
      </form>

      <div className="barre-actions" aria-label="Actions sur la sélection" role="toolbar">
        <span aria-live="polite">
          {nbChoisis > 0
            ? `${pluriel(nbChoisis, 'dossier sélectionné', 'dossiers sélectionnés')}`
            : 'Aucun dossier sélectionné'}
        </span>
        <button
          type="button"
          onClick={() => setDialogue('telecharger')}
          disabled={nbChoisis === 0 || tache.enCours || lectureSeule}
        >
          Télécharger
        </button>
        <button type="button" onClick={() => void ouvrirCloture()} disabled={nbChoisis === 0 || lectureSeule}>
          Clôturer
        </button>
        {actionEnCours && <span className="discret">{actionEnCours}</span>}
      </div>

      {tache.progression && <Progression tache={tache} sansEchecs />}
      {!tache.enCours && tache.resultat && (
        <EchecsTelechargement
          resultat={tache.resultat}
          occupe={lectureSeule || actionEnCours !== null}
          onReessayer={(numeros) => void telecharger(numeros)}
          onAfficher={afficherSeulement}
        />
      )}
      {bilanCloture && (
        <ResultatCloture
          bilan={bilanCloture}
          onAfficher={afficherSeulement}
          onFermer={() => setBilanCloture(null)}
        />
      )}
      {saisie.numeros.length > 0 && (
        <p className="bandeau" role="status">
          Affichage limité à {pluriel(saisie.numeros.length, 'dossier')} : ceux que la dernière action en
          masse n'a pas traités.{' '}
          <button type="button" className="lien" onClick={() => setSaisie((s) => ({ ...s, numeros: [] }))}>
            Afficher tous les dossiers
          </button>
        </p>
      )}
      <Message texte={erreur} />

      <Onglets
        valeur={saisie.onglet}
        comptes={comptes}
        controle="grille-dossiers"
        onChoisir={(onglet) => setSaisie((s) => ({ ...s, onglet }))}
      />
      <div
        className="grille"
        id="grille-dossiers"
        role="table"
        aria-label="Télédossiers"
        aria-rowcount={nb + 1}
        onKeyDown={clavier}
      >
        <div className="grille-entete" role="rowgroup">
          <div className="grille-ligne" role="row" aria-rowindex={1}>
            <div className="c-case" role="columnheader">
              <input
                type="checkbox"
                id="tout-selectionner"
                aria-label="Tout sélectionner"
                title="Tout sélectionner"
                checked={toutCoche}
                ref={(el) => {
                  if (el) el.indeterminate = partiel;
                }}
                onChange={toutBasculer}
                disabled={nb === 0}
              />
            </div>
            {COLONNES.map((c) => (
              <div
                key={c.cle}
                className={c.classe}
                role="columnheader"
                aria-sort={tri.colonne === c.cle ? (tri.sens === 'asc' ? 'ascending' : 'descending') : 'none'}
              >
                <button type="button" className="tri" onClick={() => trier(c.cle)}>
                  {c.libelle}
                  <span aria-hidden="true" className="fleche">
                    {tri.colonne === c.cle ? (tri.sens === 'asc' ? '▲' : '▼') : ''}
                  </span>
                </button>
              </div>
            ))}
          </div>
        </div>
        <div
          className="grille-defilement"
          ref={conteneur}
          role="rowgroup"
          onScroll={() => (memoire.defilement = virtualiseur.scrollOffset ?? 0)}
        >
          {total === 0 && <p className="vide">Aucun télédossier ne correspond à ces critères.</p>}
          <div style={{ height: virtualiseur.getTotalSize(), position: 'relative' }}>
            {items.map((v) => {
              const d = ligne(v.index);
              const style = { transform: `translateY(${v.start}px)`, height: HAUTEUR_LIGNE };
              if (!d) {
                return (
                  <div
                    key={v.key}
                    className="grille-ligne chargement"
                    role="row"
                    aria-rowindex={v.index + 2}
                    style={style}
                  >
                    <div className="c-case" role="cell" />
                    <div className="c-numero" role="cell">
                      …
                    </div>
                  </div>
                );
              }
              const jours = d.expireLe ? joursAvant(d.expireLe) : null;
              const risque =
                !d.supprimeDuGuichet && !d.archiveLocale && jours !== null && jours <= joursRisque;
              const choisi = estChoisi(d.numero);
              return (
                <div
                  key={v.key}
                  id={`ligne-${v.index}`}
                  data-numero={d.numero}
                  data-index={v.index}
                  className={`grille-ligne ${choisi ? 'choisie' : ''} ${v.index === actif ? 'active' : ''}`}
                  role="row"
                  aria-rowindex={v.index + 2}
                  aria-selected={choisi}
                  tabIndex={v.index === actif || (!actifDessine && v.index === premierDessine) ? 0 : -1}
                  onFocus={() => {
                    if (actifRef.current !== v.index) setActif(v.index);
                  }}
                  onDoubleClick={() => ouvrir(d.numero, v.index)}
                  style={style}
                >
                  <div className="c-case" role="cell">
                    <input
                      type="checkbox"
                      aria-label={`Sélectionner ${d.numero}`}
                      checked={choisi}
                      onChange={() => basculer(d.numero)}
                      tabIndex={-1}
                    />
                  </div>
                  <div className="c-numero" role="cell">
                    <button
                      type="button"
                      className="lien numero"
                      onClick={() => ouvrir(d.numero, v.index)}
                      tabIndex={-1}
                    >
                      {d.numero}
                    </button>
                    <BadgeNonLus nombre={d.messagesNonLus} />
                    {d.actionsEnAttente > 0 && (
                      <span className="badge attente" title="Action en file d'attente">
                        en attente
                      </span>
                    )}
                  </div>
                  <div className="c-demarche" role="cell" title={d.demarche?.intitule}>
                    {d.demarche?.intitule ?? '—'}
                  </div>
                  <div
                    className="c-etat"
                    role="cell"
                    title={!d.perte && d.etat !== null ? libelle(d.etat, d.demarche?.code) : undefined}
                  >
                    {d.perte ? (
                      <span className="perte" title={LIBELLE_PERTE}>
                        {LIBELLE_PERTE}
                      </span>
                    ) : d.etat !== null ? (
                      libelle(d.etat, d.demarche?.code)
                    ) : (
                      '—'
                    )}
                  </div>
                  <div className="c-date" role="cell">
                    {date(d.deposeLe)}
                  </div>
                  <div className={`c-date ${risque ? 'texte-attention' : ''}`} role="cell">
                    {d.supprimeDuGuichet
                      ? d.supprimeDuGuichet === 'cloture'
                        ? 'Clos'
                        : 'Supprimé'
                      : date(d.expireLe)}
                  </div>
                  <div className="c-archive" role="cell">
                    {d.archiveLocale?.defaut ? (
                      <span className="perte">
                        {d.archiveLocale.defaut === 'manquante' ? 'Archive manquante' : 'Archive endommagée'}
                      </span>
                    ) : d.archiveLocale ? (
                      'Oui'
                    ) : (
                      <span className={risque || d.perte ? 'texte-erreur' : ''}>Non</span>
                    )}
                  </div>
                </div>
              );
            })}
          </div>
        </div>
      </div>

      {dialogue === 'telecharger' && (
        <Confirmation
          titre="Téléchargement en masse"
          confirmer={`Télécharger ${pluriel(nbChoisis, 'dossier')}`}
          onConfirmer={() => void telecharger()}
          onAnnuler={() => setDialogue(null)}
        >
          <p>
            Télécharger les archives de {pluriel(nbChoisis, 'dossier')} dans le dossier des archives ? Les
            dossiers déjà archivés et inchangés sont ignorés.
          </p>
        </Confirmation>
      )}
      {dialogue === 'cloturer' && (
        <Confirmation
          titre="Clôture en masse"
          confirmer={examen ? `Clôturer ${pluriel(examen.cloturables, 'dossier')}` : 'Clôturer'}
          confirmerDesactive={!examen || examen.cloturables === 0}
          danger
          onConfirmer={() => void cloturer()}
          onAnnuler={() => {
            setDialogue(null);
            setSelectionCloture(null);
          }}
        >
          {!examen ? (
            <p aria-live="polite">Vérification des dossiers sélectionnés…</p>
          ) : (
            <>
              <p>
                {examen.ecartes.length === 0
                  ? `Clôturer ${pluriel(examen.cloturables, 'dossier')} ?`
                  : `${pluriel(examen.cloturables, 'dossier')} sur ${nombre(examen.total)} ${examen.cloturables > 1 ? 'peuvent' : 'peut'} être ${examen.cloturables > 1 ? 'clôturés' : 'clôturé'}.`}{' '}
                {examen.cloturables > 0 &&
                  "Ils passeront à l'état « Dossier clos » et disparaîtront de la liste des télédossiers à traiter du guichet. L'usager en est informé."}
              </p>
              {examen.ecartes.length > 0 && (
                <>
                  <p className="texte-erreur">
                    {examen.ecartes.length > 1
                      ? `${nombre(examen.ecartes.length)} dossiers ne peuvent pas être clôturés et seront laissés de côté :`
                      : '1 dossier ne peut pas être clôturé et sera laissé de côté :'}
                  </p>
                  <ListeEcarts libelle="Dossiers qui ne peuvent pas être clôturés" ecarts={examen.ecartes} />
                </>
              )}
            </>
          )}
          <ChampTexte
            id="commentaire-cloture"
            libelle="Commentaire (facultatif)"
            rows={3}
            maxLength={4000}
            valeur={commentaire}
            onValeur={setCommentaire}
          />
        </Confirmation>
      )}
    </div>
  );
}
