/**
 * An in-memory Coeur for working on the UI alone (no guichet, no SQLite): `npx tsx
 * tests/e2e/support/coeur-factice.ts [nombre]` serves the renderer with it. Not used by the e2e suite,
 * which runs against the real core and a real guichet.
 */
import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { Coeur } from '../../../src/main/app/coeur.js';
import { demarrerHoteWeb } from '../../../src/main/web-host/index.js';
import type {
  ActionFile,
  DossierLigne,
  EventName,
  MethodName,
  MethodResult,
  Profil,
  Session,
} from '../../../src/shared/app-api/index.js';
import { ErreurApp } from '../../../src/shared/app-api/index.js';
import { guichetDeSuivi } from '../../../src/shared/workflow/index.js';

const DEMARCHES = [
  { code: 'inscription-listes-electorales', intitule: 'Inscription sur les listes électorales' },
  { code: 'recensement-citoyen', intitule: 'Recensement citoyen obligatoire' },
  { code: 'changement-coordonnees', intitule: 'Changement de coordonnées' },
  { code: 'acte-etat-civil', intitule: "Demande d'acte d'état civil" },
];

export function creerCoeurFactice(nombre = 100_000): Coeur {
  const bus = new EventEmitter();
  const maintenant = Date.now();
  const lettres = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
  const dossiers: DossierLigne[] = [];
  for (let i = 0; i < nombre; i++) {
    let suffixe = '';
    let n = i * 7919 + 104729;
    for (let k = 0; k < 8; k++) {
      suffixe += lettres[n % lettres.length];
      n = Math.floor(n / lettres.length) + k * 31 + i;
    }
    const depose = new Date(maintenant - (i % 30) * 86_400_000 - (i % 1440) * 60_000);
    const demarche = DEMARCHES[i % DEMARCHES.length] ?? DEMARCHES[0]!;
    dossiers.push({
      numero: `A-5-${suffixe}`,
      demarche,
      etat: [5, 15, 16, 17][i % 4] ?? 5,
      deposeLe: depose.toISOString(),
      expireLe: new Date(depose.getTime() + 30 * 86_400_000).toISOString(),
      courriel: `usager${i}@exemple.fr`,
      archiveLocale:
        i % 3 === 0
          ? { archiveeLe: new Date().toISOString(), sha256: 'a'.repeat(64), taille: 123_456 }
          : null,
      supprimeDuGuichet: null,
      actionsEnAttente: 0,
    });
  }
  const profils: Profil[] = [
    {
      id: 'demo',
      nom: 'Démo — Mairie de Quimper',
      urlGuichet: 'http://127.0.0.1:47800',
      identifiant: 'agent.quimper',
      motDePasseMemorise: false,
    },
  ];
  let session: Session | null = null;
  const file: ActionFile[] = [];

  function trouver(numero: string) {
    const d = dossiers.find((x) => x.numero === numero);
    if (!d) throw new ErreurApp('introuvable', 'Dossier introuvable.');
    return d;
  }

  const impl: { [K in MethodName]?: (args: never) => unknown } = {
    'app.info': () => ({
      version: '0.1.0',
      hote: 'web',
      peutOuvrirFichiers: false,
      peutChoisirDossier: false,
    }),
    'profils.lister': () => ({ profils }),
    'profils.enregistrer': (a: Omit<Profil, 'motDePasseMemorise' | 'id'> & { id?: string }) => {
      const p = { ...a, id: a.id ?? `p${profils.length}`, motDePasseMemorise: false };
      const i = profils.findIndex((x) => x.id === p.id);
      if (i >= 0) profils[i] = p;
      else profils.push(p);
      return p;
    },
    'session.connecter': (a: { profilId: string; motDePasse?: string }) => {
      if (a.motDePasse === 'mauvais')
        throw new ErreurApp('identifiants_invalides', 'Identifiant ou mot de passe incorrect.');
      if (a.motDePasse === 'horsligne')
        throw new ErreurApp('guichet_injoignable', 'Le guichet est injoignable. Vérifiez votre connexion.');
      const profil = profils.find((p) => p.id === a.profilId) ?? profils[0]!;
      session = {
        profil,
        mode: 'en-ligne',
        utilisateur: {
          identifiant: profil.identifiant,
          nom: 'Le Gall',
          prenom: 'Anne',
          courriel: 'anne.legall@quimper.fr',
          habilitation: profil.identifiant.startsWith('admin') ? 'GESTION' : 'INSTRUCTION',
          service: { codeInsee: '29232', nom: 'Mairie de Quimper' },
        },
      };
      return session;
    },
    'session.ouvrirLectureSeule': (a: { profilId: string }) => {
      const s = (impl['session.connecter'] as (x: unknown) => Session)({ profilId: a.profilId });
      session = { ...s, mode: 'lecture-seule' };
      return session;
    },
    'session.courante': () => session,
    'session.deconnecter': () => {
      session = null;
      return { ok: true };
    },
    'session.motDePassePerdu': () => ({
      message: 'Si les informations sont exactes, un courriel vous a été envoyé.',
    }),
    'compte.changerMotDePasse': () => ({ ok: true }),
    'referentiel.lire': () => ({
      workflows: [guichetDeSuivi],
      demarches: DEMARCHES.map((d) => ({ ...d, workflow: 'guichet-de-suivi', piecesRequises: [] })),
    }),
    'tableauDeBord.lire': () => ({
      total: dossiers.length,
      parEtat: guichetDeSuivi.etats.map((e) => ({
        etat: e.code,
        libelle: e.libelle,
        nombre: dossiers.filter((d) => d.etat === e.code).length,
      })),
      parDemarche: DEMARCHES.map((d) => ({
        ...d,
        nombre: dossiers.filter((x) => x.demarche.code === d.code).length,
      })),
      nouveauxDepuisDerniereVisite: 12,
      expirentBientotNonArchives: dossiers.filter(
        (d) => !d.archiveLocale && Date.parse(d.expireLe) - maintenant < 7 * 86_400_000,
      ).length,
      archives: dossiers.filter((d) => d.archiveLocale).length,
      fileAttente: { enAttente: file.length, conflit: 0, refusee: 0 },
      connexion: {
        mode: session?.mode ?? 'en-ligne',
        derniereSynchro: new Date().toISOString(),
        synchroEnCours: false,
      },
    }),
    'dossiers.lister': (a: {
      filtre: { recherche?: string; etat?: number; demarche?: string; archive?: boolean };
      tri: { colonne: keyof DossierLigne | 'archive'; sens: 'asc' | 'desc' };
      offset: number;
      limite: number;
    }) => {
      let l = dossiers;
      const f = a.filtre;
      if (f.recherche)
        l = l.filter(
          (d) => d.numero.includes(f.recherche!.toUpperCase()) || d.courriel.includes(f.recherche!),
        );
      if (f.etat !== undefined) l = l.filter((d) => d.etat === f.etat);
      if (f.demarche) l = l.filter((d) => d.demarche.code === f.demarche);
      if (f.archive !== undefined) l = l.filter((d) => (d.archiveLocale !== null) === f.archive);
      const col = a.tri.colonne;
      const cle = (d: DossierLigne) =>
        col === 'archive'
          ? d.archiveLocale
            ? 1
            : 0
          : col === 'demarche'
            ? d.demarche.intitule
            : (d[col] as string | number);
      l = [...l].sort(
        (x, y) => (cle(x) < cle(y) ? -1 : cle(x) > cle(y) ? 1 : 0) * (a.tri.sens === 'asc' ? 1 : -1),
      );
      return { elements: l.slice(a.offset, a.offset + a.limite), total: l.length };
    },
    'dossiers.detail': (a: { numero: string }) => {
      const d = trouver(a.numero);
      return {
        ...d,
        dernierCommentaire: null,
        revision: 1,
        archive: { taille: 123_456, sha256: 'b'.repeat(64) },
        historique: [{ le: d.deposeLe, par: null, etat: 5, commentaire: null }],
        piecesDeposees: [],
        actions: file.filter((x) => x.numeros.includes(a.numero)),
      };
    },
    'dossiers.contenu': (a: { numero: string }) => ({
      entete: null,
      donnees: {
        demarche: trouver(a.numero).demarche.code,
        numero: a.numero,
        sections: [
          {
            titre: 'Identité du demandeur',
            champs: [
              { nom: 'nom', libelle: 'Nom', valeur: 'MARTIN' },
              { nom: 'prenom', libelle: 'Prénom', valeur: 'Claire' },
              { nom: 'naissance', libelle: 'Date de naissance', valeur: '12/03/1990' },
            ],
          },
          {
            titre: 'Adresse',
            champs: [
              { nom: 'voie', libelle: 'Voie', valeur: '4 rue de Kerfeunteun' },
              { nom: 'commune', libelle: 'Commune', valeur: '29000 Quimper' },
            ],
          },
        ],
      },
      fichiers: [
        { nom: 'cerfa_12669.pdf', taille: 45_000, type: 'application/pdf' },
        { nom: 'justificatif-domicile.jpg', taille: 230_000, type: 'image/jpeg' },
        { nom: 'entete.xml', taille: 600, type: 'application/xml' },
        { nom: 'donnees.xml', taille: 1_600, type: 'application/xml' },
      ],
      avertissements: [],
    }),
    'actions.changerEtat': (a: { numero: string; etat: number; commentaire?: string }) => {
      const d = trouver(a.numero);
      d.etat = a.etat;
      return {
        id: String(file.length + 1),
        type: 'etat',
        numeros: [a.numero],
        etat: a.etat,
        commentaire: a.commentaire ?? null,
        slot: null,
        nomFichier: null,
        statut: 'envoyee',
        tentatives: 1,
        erreur: null,
        creeLe: new Date().toISOString(),
        prochainEssai: null,
      };
    },
    'fileAttente.lister': () => ({ actions: file }),
    'synchro.lancer': () => ({ nouveaux: 0, modifies: 0, supprimes: 0, pages: 1, dureeMs: 12 }),
    'archives.telecharger': () => {
      const tacheId = 't1';
      let faits = 0;
      const timer = setInterval(() => {
        faits += 5;
        bus.emit('evt', 'archives.progression', {
          tacheId,
          total: 50,
          faits,
          ignores: 0,
          echecs: 0,
          octets: faits * 120_000,
          vitesse: 2_400_000,
          resteSecondes: (50 - faits) / 20,
        });
        if (faits >= 50) {
          clearInterval(timer);
          bus.emit('evt', 'archives.terminee', {
            tacheId,
            archives: 50,
            ignores: 0,
            echecs: [],
            annule: false,
          });
        }
      }, 300);
      return { tacheId, total: 50 };
    },
    'utilisateurs.lister': () => ({
      utilisateurs: [
        {
          identifiant: 'admin.quimper',
          nom: 'Le Gall',
          prenom: 'Anne',
          courriel: 'a@q.fr',
          habilitation: 'GESTION',
          active: true,
        },
        {
          identifiant: 'agent.quimper',
          nom: 'Riou',
          prenom: 'Yann',
          courriel: 'y@q.fr',
          habilitation: 'INSTRUCTION',
          active: true,
        },
      ],
    }),
    'parametres.lire': () => ({
      dossierArchives: '/srv/archives',
      intervalleSynchroMinutes: 15,
      autoArchive: true,
      concurrenceTelechargement: 4,
      notifications: true,
    }),
  };

  return {
    async appeler<K extends MethodName>(methode: K, args: unknown): Promise<MethodResult<K>> {
      const f = impl[methode] as ((a: unknown) => unknown) | undefined;
      if (!f) throw new ErreurApp('non_implemente', `${methode} : non disponible dans le cœur factice.`);
      return f(args) as MethodResult<K>;
    },
    ecouter(evenement, ecouteur) {
      const f = (e: EventName, d: unknown) => {
        if (e === evenement) (ecouteur as (x: unknown) => void)(d);
      };
      bus.on('evt', f);
      return () => bus.off('evt', f);
    },
    ecouterTout(ecouteur) {
      bus.on('evt', ecouteur);
      return () => bus.off('evt', ecouteur);
    },
    async fermer() {},
  };
}

if (process.argv[1] && path.resolve(process.argv[1]).endsWith('coeur-factice.ts')) {
  const nombre = Number(process.argv[2] ?? 100_000);
  const hote = await demarrerHoteWeb({
    coeur: creerCoeurFactice(nombre),
    dossierRenderer: path.resolve('out/renderer'),
    port: Number(process.env.PORT ?? 0),
    jeton: process.env.JETON,
  });
  process.stdout.write(`${hote.url}\n`);
}
