import { useState } from 'react';
import type { Perte } from '../../../shared/app-api/index.js';
import { api, versErreurApp } from '../api.js';
import { useApp, useAppel, useEvenement } from '../contexte.js';
import { date, dateHeure, pluriel } from '../format.js';
import { Confirmation } from './Confirmation.js';
import { Message } from './Formulaire.js';

export const LIBELLE_PERTE = 'Supprimé du guichet sans archive locale';

/** Why the guichet deleted the dossier, as the agent reads it. */
export function libelleMotif(motif: Perte['motif']): string {
  return motif === 'cloture' ? 'clôturé puis purgé' : 'purgé 30 jours après le dépôt';
}

/**
 * « Dossiers perdus »: every dossier the guichet deleted before this workstation kept an archive,
 * kept forever; « Pris connaissance » stops the alerts, not the listing.
 */
export function Pertes(props: { surChangement: () => void }) {
  const { aller, toast } = useApp();
  const pertes = useAppel('pertes.lister', {});
  const [confirmer, setConfirmer] = useState(false);
  useEvenement('dossiers.changes', () => pertes.recharger());
  useEvenement('synchro.terminee', () => pertes.recharger());

  const liste = pertes.donnees?.pertes ?? [];
  const nonAcquittees = liste.filter((p) => p.acquitteeLe === null).length;

  async function acquitter() {
    setConfirmer(false);
    try {
      const r = await api.call('pertes.acquitter', {});
      toast(`Pris connaissance de ${pluriel(r.acquittees, 'perte')}.`, 'succes');
      pertes.recharger();
      props.surChangement();
    } catch (e) {
      toast(versErreurApp(e).message, 'erreur');
    }
  }

  if (!pertes.erreur && liste.length === 0) return null;
  return (
    <section className="panneau pertes" aria-labelledby="titre-pertes">
      <div className="titre-ligne">
        <h2 id="titre-pertes">Dossiers perdus</h2>
        {nonAcquittees > 0 && (
          <button type="button" onClick={() => setConfirmer(true)}>
            Pris connaissance de toutes les pertes
          </button>
        )}
      </div>
      <Message texte={pertes.erreur} />
      <p className="discret petit">
        {LIBELLE_PERTE} : le guichet les a supprimés avant que ce poste ait pu en garder une archive. Ils
        restent dans cette liste ; « Pris connaissance » arrête seulement les alertes.
      </p>
      <div className="table-defilante">
        <table className="table-simple">
          <caption className="visuellement-cache">Dossiers supprimés du guichet sans archive locale</caption>
          <thead>
            <tr>
              <th scope="col">Numéro</th>
              <th scope="col">Démarche</th>
              <th scope="col">Déposé le</th>
              <th scope="col">Suppression annoncée le</th>
              <th scope="col">Constatée le</th>
              <th scope="col">Pris connaissance</th>
            </tr>
          </thead>
          <tbody>
            {liste.map((p) => (
              <tr key={p.numero}>
                <td>
                  <button
                    type="button"
                    className="lien numero"
                    onClick={() => aller({ nom: 'dossier', numero: p.numero })}
                  >
                    {p.numero}
                  </button>
                </td>
                <td>{p.demarche?.intitule ?? <span className="discret">inconnue</span>}</td>
                <td>{date(p.deposeLe)}</td>
                <td>
                  {date(p.annonceeLe)} <span className="discret petit">({libelleMotif(p.motif)})</span>
                </td>
                <td>{dateHeure(p.constateeLe)}</td>
                <td>
                  {p.acquitteeLe ? (
                    `le ${dateHeure(p.acquitteeLe)}`
                  ) : (
                    <strong className="texte-erreur">non</strong>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {confirmer && (
        <Confirmation
          titre="Prendre connaissance des pertes"
          confirmer="Pris connaissance"
          onConfirmer={() => void acquitter()}
          onAnnuler={() => setConfirmer(false)}
        >
          <p>
            Vous confirmez avoir pris connaissance de{' '}
            {pluriel(nonAcquittees, 'dossier perdu', 'dossiers perdus')} ? Ils resteront listés ici et dans le
            registre des archives, mais ne déclencheront plus d’alerte.
          </p>
        </Confirmation>
      )}
    </section>
  );
}
