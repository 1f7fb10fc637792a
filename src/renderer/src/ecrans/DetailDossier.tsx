import { useMemo, useState, type ChangeEvent, type FormEvent } from 'react';
import type { ActionFile, DossierLocal } from '../../../shared/app-api/index.js';
import { nettoyerNom } from '../../../shared/noms.js';
import {
  etatDe,
  etatsSuivants,
  libelleSlot,
  piecesDeposablesDepuis,
  type PieceDeposable,
  type Workflow,
} from '../../../shared/workflow/index.js';
import { api, versErreurApp } from '../api.js';
import { BandeauPerte, StatutArchive } from '../composants/BandeauPerte.js';
import { Actions, ChampListe, ChampTexte, Message } from '../composants/Formulaire.js';
import { Pieces } from '../composants/Pieces.js';
import { Progression, useTacheArchives } from '../composants/Progression.js';
import { Titre } from '../composants/Titre.js';
import { attendreAction } from '../suivi.js';
import { useApp, useAppel, useEvenement } from '../contexte.js';
import { date, dateHeure, joursAvant, taille } from '../format.js';

export const LIBELLE_STATUT: Record<ActionFile['statut'], string> = {
  'en-attente': 'En attente d’envoi',
  'en-cours': 'Envoi en cours',
  conflit: 'En conflit',
  refusee: 'Refusée',
  envoyee: 'Envoyée',
  annulee: 'Annulée',
};

function lireFichier(f: File): Promise<ArrayBuffer> {
  return f.arrayBuffer();
}

function versBase64(octets: Uint8Array): string {
  let s = '';
  const pas = 0x8000;
  for (let i = 0; i < octets.length; i += pas) s += String.fromCharCode(...octets.subarray(i, i + pas));
  return btoa(s);
}

function formatsLisibles(formats: string[]): string {
  return formats.map((f) => (f === 'application/pdf' ? 'pdf' : (f.split('/')[1] ?? f))).join(', ');
}

/** Checks a file against a slot before upload: size, and a PDF by its content (%PDF-). */
export async function verifierPiece(
  piece: PieceDeposable,
  f: File,
): Promise<{ erreur: string } | { octets: Uint8Array }> {
  if (f.size > piece.tailleMax) {
    return {
      erreur: `Le fichier « ${f.name} » fait ${taille(f.size)} : la taille maximum est ${taille(piece.tailleMax)}.`,
    };
  }
  if (f.size === 0) return { erreur: `Le fichier « ${f.name} » est vide.` };
  const octets = new Uint8Array(await lireFichier(f));
  if (piece.formats.length === 1 && piece.formats[0] === 'application/pdf') {
    const entete = String.fromCharCode(...octets.subarray(0, 5));
    if (entete !== '%PDF-') {
      return { erreur: `Le fichier « ${f.name} » n'est pas un PDF (format accepté : pdf).` };
    }
  }
  return { octets };
}

export function DetailDossier(props: { numero: string }) {
  const { numero } = props;
  const { aller, libelle, workflowDe, toast, referentiel, connexion, session } = useApp();
  // The entries this workstation has just added (not yet read back) carry no name: they are ours.
  const moi = session.utilisateur;
  const detail = useAppel('dossiers.detail', { numero }, [numero]);
  const contenu = useAppel('dossiers.contenu', { numero }, [numero]);
  const tache = useTacheArchives(() => {
    detail.recharger();
    contenu.recharger();
  });

  useEvenement('dossiers.changes', (e) => {
    if (!e.numeros || e.numeros.includes(numero)) detail.recharger();
  });
  useEvenement('fileAttente.changee', () => detail.recharger());

  const d = detail.donnees;

  async function telecharger() {
    try {
      const r = await api.call('archives.telecharger', { selection: { numeros: [numero] } });
      tache.demarrer(r.tacheId, r.total);
    } catch (e) {
      toast(versErreurApp(e).message, 'erreur');
    }
  }

  async function rafraichir() {
    try {
      await api.call('dossiers.rafraichir', { numero });
      detail.recharger();
    } catch (e) {
      toast(versErreurApp(e).message, 'erreur');
    }
  }

  const wf = d?.demarche && d.etat !== null ? workflowDe(d.demarche.code) : undefined;
  return (
    <div className="ecran-detail">
      <div className="titre-ligne">
        <Titre>Dossier {numero}</Titre>
        <div className="actions">
          <button type="button" onClick={() => aller({ nom: 'dossiers' })}>
            Retour à la liste
          </button>
          <button type="button" onClick={() => void rafraichir()} disabled={connexion.mode !== 'en-ligne'}>
            Rafraîchir
          </button>
        </div>
      </div>
      <Message texte={detail.erreur} />
      {!d && !detail.erreur && <p aria-busy="true">Chargement…</p>}
      {d && (
        <div className="detail-grille">
          <div className="detail-principal">
            <section className="panneau" aria-labelledby="titre-suivi">
              <h2 id="titre-suivi">Suivi de la démarche</h2>
              <BandeauPerte dossier={d} recharger={detail.recharger} />
              {d.supprimeDuGuichet && !d.perte && (
                <p className="alerte avertissement">
                  {d.supprimeDuGuichet === 'cloture'
                    ? 'Ce dossier a été clôturé : il n’est plus dans la liste du guichet. La copie locale est conservée.'
                    : 'Ce dossier a été supprimé du guichet (30 jours après le dépôt). La copie locale est conservée.'}
                </p>
              )}
              <dl className="fiche">
                <dt>Numéro de dossier</dt>
                <dd className="numero">{d.numero}</dd>
                <dt>Démarche</dt>
                <dd>
                  {d.demarche ? (
                    <>
                      {d.demarche.intitule} <span className="discret">({d.demarche.code})</span>
                    </>
                  ) : (
                    <span className="discret">inconnue</span>
                  )}
                </dd>
                <dt>Adresse courriel de l'usager</dt>
                <dd>{d.courriel ?? '—'}</dd>
                <dt>Date</dt>
                <dd>{dateHeure(d.deposeLe)}</dd>
                <dt>Expire le</dt>
                <dd
                  className={
                    !d.supprimeDuGuichet && d.expireLe && joursAvant(d.expireLe) <= 7 ? 'texte-attention' : ''
                  }
                >
                  {date(d.expireLe)}
                  {!d.supprimeDuGuichet &&
                    d.expireLe &&
                    ` (dans ${Math.max(0, joursAvant(d.expireLe))} jours)`}
                </dd>
                <dt>État actuel du dossier</dt>
                <dd>
                  <strong>{d.etat !== null ? libelle(d.etat, d.demarche?.code) : 'inconnu'}</strong>
                </dd>
                <dt>Dernier commentaire</dt>
                <dd>{d.dernierCommentaire ?? <span className="discret">aucun</span>}</dd>
                <dt>Archive locale</dt>
                <dd>
                  <StatutArchive archive={d.archiveLocale} taille={taille} />
                </dd>
              </dl>
              <button
                type="button"
                className="principal"
                onClick={() => void telecharger()}
                disabled={tache.enCours || connexion.mode === 'lecture-seule'}
              >
                Télécharger les éléments du dossier
              </button>
              {tache.progression && <Progression tache={tache} />}
            </section>

            {d.actions.length > 0 && <ActionsDossier actions={d.actions} workflow={wf} />}

            <Donnees contenu={contenu.donnees} erreur={contenu.erreur} archive={d.archiveLocale !== null} />

            {contenu.donnees && contenu.donnees.fichiers.length > 0 && (
              <Pieces numero={numero} fichiers={contenu.donnees.fichiers} />
            )}

            <section className="panneau" aria-labelledby="titre-historique">
              <h2 id="titre-historique">Historique</h2>
              <table className="table-simple">
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Par</th>
                    <th scope="col">État</th>
                    <th scope="col">Commentaire</th>
                  </tr>
                </thead>
                <tbody>
                  {[...d.historique].reverse().map((h, i) => (
                    <tr key={`${h.le}-${i}`}>
                      <td>{dateHeure(h.le)}</td>
                      <td>
                        {h.par === null ? (
                          <span className="discret">usager / système</span>
                        ) : (
                          (h.parNom ?? (h.par === moi.identifiant ? `${moi.prenom} ${moi.nom}` : h.par))
                        )}
                      </td>
                      <td>{libelle(h.etat, d.demarche?.code)}</td>
                      <td>{h.commentaire ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {d.piecesDeposees.length > 0 && (
                <>
                  <h3>Pièces jointes déposées</h3>
                  <ul>
                    {d.piecesDeposees.map((p) => (
                      <li key={p.id}>
                        {libelleSlot(wf, p.slot)} : {nettoyerNom(p.nom)} ({taille(p.taille)}) —{' '}
                        {dateHeure(p.le)}
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </section>
          </div>
          <div className="detail-cote">
            {wf ? (
              <NouvelEtat dossier={d} recharger={detail.recharger} />
            ) : (
              <p className="discret">
                {referentiel ? 'Workflow inconnu pour cette démarche.' : 'Chargement…'}
              </p>
            )}
          </div>
        </div>
      )}
    </div>
  );
}

function ActionsDossier(props: { actions: ActionFile[]; workflow: Workflow | undefined }) {
  const { libelle } = useApp();
  return (
    <section className="panneau en-attente" aria-labelledby="titre-actions">
      <h2 id="titre-actions">Actions non encore acquittées par le guichet</h2>
      <ul>
        {props.actions.map((a) => (
          <li key={a.id}>
            <span className={`badge statut-${a.statut}`}>{LIBELLE_STATUT[a.statut]}</span>{' '}
            {a.type === 'piece'
              ? `Pièce jointe « ${libelleSlot(props.workflow, a.slot ?? '')} » : ${nettoyerNom(a.nomFichier ?? '')}`
              : a.type === 'cloture'
                ? 'Clôture'
                : `Nouvel état : ${a.etat !== null ? libelle(a.etat) : ''}`}
            {a.erreur && <span className="texte-erreur"> — {a.erreur}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Donnees(props: {
  contenu: ReturnType<typeof useAppel<'dossiers.contenu'>>['donnees'];
  erreur: string | null;
  archive: boolean;
}) {
  const { contenu, erreur } = props;
  return (
    <section className="panneau" aria-labelledby="titre-donnees">
      <h2 id="titre-donnees">Données saisies par l'usager</h2>
      {!contenu && !erreur && <p aria-busy="true">Chargement…</p>}
      {erreur && (
        <p className="discret">
          {props.archive
            ? erreur
            : 'Téléchargez les éléments du dossier pour lire les données saisies par l’usager.'}
        </p>
      )}
      {contenu && !contenu.donnees && (
        <p className="discret">
          {props.archive || contenu.fichiers.length
            ? 'Les données de ce dossier sont illisibles.'
            : 'Téléchargez les éléments du dossier pour lire les données saisies par l’usager.'}
        </p>
      )}
      {contenu?.avertissements.map((a) => (
        <p key={a} className="alerte avertissement">
          {a}
        </p>
      ))}
      {contenu?.donnees?.sections.map((s) => (
        <fieldset key={s.titre} className="section-donnees">
          <legend>{s.titre}</legend>
          <dl className="fiche">
            {s.champs.map((c) => (
              <div key={c.nom} className="paire">
                <dt>{c.libelle}</dt>
                <dd>{c.valeur || <span className="discret">non renseigné</span>}</dd>
              </div>
            ))}
          </dl>
        </fieldset>
      ))}
    </section>
  );
}

function NouvelEtat(props: { dossier: DossierLocal; recharger: () => void }) {
  const { dossier } = props;
  const { workflowDe, referentiel, toast, connexion } = useApp();
  const horsLigne = () => connexion.mode !== 'en-ligne';
  const wf = dossier.demarche ? workflowDe(dossier.demarche.code) : undefined;
  const etatActuel = dossier.etat;
  const suivants = useMemo(
    () => (wf && etatActuel !== null ? etatsSuivants(wf, etatActuel) : []),
    [wf, etatActuel],
  );
  const slots = useMemo(
    () => (wf && etatActuel !== null ? piecesDeposablesDepuis(wf, etatActuel) : []),
    [wf, etatActuel],
  );
  const [etat, setEtat] = useState<string>('');
  const [commentaire, setCommentaire] = useState('');
  const [erreur, setErreur] = useState<string | null>(null);
  const [envoi, setEnvoi] = useState(false);
  const lectureSeule = connexion.mode === 'lecture-seule';

  const cible = wf && etat ? etatDe(wf, Number(etat)) : undefined;
  const demarche = referentiel?.demarches.find((x) => x.code === dossier.demarche?.code);
  const deposes = new Set([
    ...dossier.piecesDeposees.map((p) => p.slot),
    ...dossier.actions.filter((a) => a.type === 'piece' && a.statut !== 'annulee').map((a) => a.slot ?? ''),
  ]);
  const manquantes =
    cible && demarche
      ? demarche.piecesRequises
          .filter((p) => p.etat === cible.code && !deposes.has(p.slot))
          .map((p) => libelleSlot(wf, p.slot))
      : [];

  async function envoyer(ev: FormEvent) {
    ev.preventDefault();
    setErreur(null);
    if (!cible) {
      setErreur('Choisissez le nouvel état du dossier.');
      return;
    }
    if (cible.commentaireObligatoire && !commentaire.trim()) {
      setErreur(`Un commentaire est obligatoire pour l'état « ${cible.libelle} ».`);
      return;
    }
    setEnvoi(true);
    try {
      const cree = await api.call('actions.changerEtat', {
        numero: dossier.numero,
        etat: cible.code,
        ...(commentaire.trim() ? { commentaire: commentaire.trim() } : {}),
      });
      setEtat('');
      setCommentaire('');
      props.recharger();
      const a = cree.statut === 'envoyee' ? null : await attendreAction(cree.id, horsLigne);
      if (a && (a.statut === 'refusee' || a.statut === 'conflit')) {
        setErreur(a.erreur ?? 'Le guichet a refusé ce changement d’état.');
      } else if (a === null) {
        toast(`Nouvel état envoyé : « ${cible.libelle} ».`, 'succes');
      } else {
        toast(`Hors ligne : le changement d'état vers « ${cible.libelle} » est en file d'attente.`, 'info');
      }
      props.recharger();
    } catch (e) {
      setErreur(versErreurApp(e).message);
    } finally {
      setEnvoi(false);
    }
  }

  if (suivants.length === 0) {
    return (
      <section className="panneau" aria-labelledby="titre-nouvel-etat">
        <h2 id="titre-nouvel-etat">Nouvel état du dossier</h2>
        <p>Ce dossier est à un état final : aucun autre état ne peut être choisi.</p>
      </section>
    );
  }

  return (
    <section className="panneau" aria-labelledby="titre-nouvel-etat">
      <h2 id="titre-nouvel-etat">Traitement du dossier</h2>
      {slots.length > 0 && (
        <div className="slots">
          <h3>Pièces jointes déposables</h3>
          <p className="discret petit">À déposer avant de changer l'état du dossier.</p>
          {slots.map((p) => (
            <Slot
              key={p.slot}
              piece={p}
              dossier={dossier}
              deposee={deposes.has(p.slot)}
              onDepose={props.recharger}
              desactive={lectureSeule}
            />
          ))}
        </div>
      )}
      <form onSubmit={(e) => void envoyer(e)} className="formulaire">
        <ChampListe
          id="nouvel-etat"
          libelle="Nouvel état du dossier"
          valeur={etat}
          onValeur={setEtat}
          required
        >
          <option value="">Faites votre choix</option>
          {suivants.map((e) => (
            <option key={e.code} value={e.code}>
              {e.libelle}
            </option>
          ))}
        </ChampListe>
        <ChampTexte
          id="commentaire"
          libelle={`Commentaire${cible?.commentaireObligatoire ? ' (obligatoire)' : ' (facultatif)'}`}
          rows={4}
          maxLength={4000}
          valeur={commentaire}
          onValeur={setCommentaire}
          required={cible?.commentaireObligatoire ?? false}
          aide={
            cible?.notifie
              ? "L'usager est informé de ce nouvel état et lit ce commentaire."
              : 'Visible dans l’historique.'
          }
        />
        {manquantes.length > 0 && (
          <p className="alerte avertissement">
            Pour passer à « {cible?.libelle} », déposez d'abord : {manquantes.join(', ')}.
          </p>
        )}
        <Message texte={erreur} />
        <Actions envoyer="Envoyer" desactive={envoi || lectureSeule} />
      </form>
    </section>
  );
}

function Slot(props: {
  piece: PieceDeposable;
  dossier: DossierLocal;
  deposee: boolean;
  onDepose: () => void;
  desactive: boolean;
}) {
  const { piece, dossier } = props;
  const { toast, connexion } = useApp();
  const [erreur, setErreur] = useState<string | null>(null);
  const [envoi, setEnvoi] = useState(false);
  const id = `slot-${piece.slot}`;
  const horsLigne = () => connexion.mode !== 'en-ligne';

  async function choisir(ev: ChangeEvent<HTMLInputElement>) {
    const f = ev.target.files?.[0];
    ev.target.value = '';
    setErreur(null);
    if (!f) return;
    const v = await verifierPiece(piece, f);
    if ('erreur' in v) {
      setErreur(v.erreur);
      return;
    }
    setEnvoi(true);
    try {
      const cree = await api.call('actions.joindre', {
        numero: dossier.numero,
        slot: piece.slot,
        nom: f.name,
        contenuBase64: versBase64(v.octets),
      });
      props.onDepose();
      const a = cree.statut === 'envoyee' ? null : await attendreAction(cree.id, horsLigne);
      if (a && (a.statut === 'refusee' || a.statut === 'conflit'))
        setErreur(a.erreur ?? 'Le guichet a refusé la pièce jointe.');
      else if (a === null) toast(`Pièce jointe « ${f.name} » déposée.`, 'succes');
      else toast(`Hors ligne : la pièce jointe « ${f.name} » est en file d'attente.`, 'info');
      props.onDepose();
    } catch (e) {
      setErreur(versErreurApp(e).message);
    } finally {
      setEnvoi(false);
    }
  }

  return (
    <div className="slot">
      <div>
        <strong>{piece.libelle}</strong>
        {props.deposee && <span className="badge succes">déposée</span>}
      </div>
      <div className="discret petit">
        taille maximum : {taille(piece.tailleMax)} · format(s) accepté(s) : {formatsLisibles(piece.formats)}
      </div>
      <label htmlFor={id} className="bouton-fichier">
        {envoi ? 'Envoi…' : 'Ajouter un exemplaire'}
        <span className="visuellement-cache"> : {piece.libelle}</span>
      </label>
      <input
        id={id}
        type="file"
        className="visuellement-cache"
        accept={piece.formats.join(',')}
        onChange={(e) => void choisir(e)}
        disabled={envoi || props.desactive}
      />
      <Message texte={erreur} />
    </div>
  );
}
