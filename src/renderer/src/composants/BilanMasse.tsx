import type { BilanCloture, ResultatArchives } from '../../../shared/app-api/index.js';
import { nombre, pluriel } from '../format.js';

/** Beyond this, the list says how many more there are: « Afficher ces dossiers » shows them all. */
const MAX_AFFICHES = 200;

/** Dossiers a mass action did not do, each with its reason, by numéro. */
export function ListeEcarts(props: { libelle: string; ecarts: { numero: string; message: string }[] }) {
  if (props.ecarts.length === 0) return null;
  const vus = props.ecarts.slice(0, MAX_AFFICHES);
  const reste = props.ecarts.length - vus.length;
  return (
    <div className="table-defilante">
      <ul aria-label={props.libelle}>
        {vus.map((e) => (
          <li key={e.numero}>
            <strong className="numero">{e.numero}</strong> — {e.message}
          </li>
        ))}
        {reste > 0 && (
          <li className="discret">
            … et {nombre(reste)} autre{reste > 1 ? 's' : ''} : « Afficher ces dossiers » les montre tous.
          </li>
        )}
      </ul>
    </div>
  );
}

/** After a mass close: what became of every dossier asked. */
export function ResultatCloture(props: {
  bilan: BilanCloture;
  onAfficher: (numeros: string[]) => void;
  onFermer: () => void;
}) {
  const { envoyes, enAttente, ecartes, refuses } = props.bilan;
  const manques = [...ecartes, ...refuses];
  return (
    <section className="panneau" aria-label="Résultat de la clôture">
      <h2>Résultat de la clôture</h2>
      <ul>
        {envoyes.length > 0 && <li>Clôture envoyée au guichet pour {pluriel(envoyes.length, 'dossier')}.</li>}
        {enAttente.length > 0 && (
          <li>
            Clôture de {pluriel(enAttente.length, 'dossier')} en file d'attente : elle partira au retour de la
            connexion.
          </li>
        )}
        {envoyes.length + enAttente.length === 0 && <li>Aucun dossier clôturé.</li>}
      </ul>
      {ecartes.length > 0 && (
        <>
          <h3 className="texte-erreur">
            {pluriel(ecartes.length, 'dossier laissé de côté', 'dossiers laissés de côté')}
          </h3>
          <ListeEcarts libelle="Dossiers laissés de côté" ecarts={ecartes} />
        </>
      )}
      {refuses.length > 0 && (
        <>
          <h3 className="texte-erreur">
            {pluriel(refuses.length, 'dossier non clôturé', 'dossiers non clôturés')} après l'envoi
          </h3>
          <ListeEcarts libelle="Dossiers non clôturés après l'envoi" ecarts={refuses} />
        </>
      )}
      <div className="actions">
        {manques.length > 0 && (
          <button type="button" onClick={() => props.onAfficher(manques.map((e) => e.numero))}>
            Afficher ces dossiers
          </button>
        )}
        <button type="button" onClick={props.onFermer}>
          Fermer
        </button>
      </div>
    </section>
  );
}

/** After a mass download with failures: which ones, why, and a retry of just those. */
export function EchecsTelechargement(props: {
  resultat: ResultatArchives;
  occupe: boolean;
  onReessayer: (numeros: string[]) => void;
  onAfficher: (numeros: string[]) => void;
}) {
  const { echecs } = props.resultat;
  if (echecs.length === 0) return null;
  const numeros = echecs.map((e) => e.numero);
  return (
    <section className="panneau" aria-label="Dossiers non téléchargés">
      <h2 className="texte-erreur">
        {pluriel(echecs.length, 'dossier non téléchargé', 'dossiers non téléchargés')}
      </h2>
      <ListeEcarts libelle="Dossiers non téléchargés" ecarts={echecs} />
      <div className="actions">
        <button type="button" onClick={() => props.onReessayer(numeros)} disabled={props.occupe}>
          Réessayer
        </button>
        <button type="button" onClick={() => props.onAfficher(numeros)}>
          Afficher ces dossiers
        </button>
      </div>
    </section>
  );
}
