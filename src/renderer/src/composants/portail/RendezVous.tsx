import { useState } from 'react';
import type { DossierLocal } from '../../../../shared/app-api/index.js';
import type { Portail, RendezVous as DonneesRendezVous } from '../../../../shared/api/schemas.js';
import { api } from '../../api.js';
import { useApp } from '../../contexte.js';
import { date } from '../../format.js';
import { useSuivreAction } from '../../suivre-action.js';
import { ActionsEnAttente } from './ActionsEnAttente.js';
import { DialogueFormulaire } from '../DialogueFormulaire.js';
import { ChampTexte } from '../Formulaire.js';
import { LIBELLE_STATUT_RENDEZ_VOUS, PAR_QUI } from './libelles.js';
import { ProposerRendezVous } from './ProposerRendezVous.js';

const heure = new Intl.DateTimeFormat('fr-FR', { timeStyle: 'short' });
const horaire = (r: DonneesRendezVous) =>
  `${heure.format(new Date(r.debut))} – ${heure.format(new Date(r.fin))}`;

/** « Rendez-vous »: the slots, each cancellable with a motif or replaced by another; the citizen is notified. */
export function RendezVous(props: { dossier: DossierLocal; portail: Portail; recharger: () => void }) {
  const { dossier, portail } = props;
  const { connexion } = useApp();
  const suivre = useSuivreAction();
  const [annuler, setAnnuler] = useState<DonneesRendezVous | null>(null);
  const [motif, setMotif] = useState('');
  const [proposer, setProposer] = useState<{ remplace: DonneesRendezVous | null } | null>(null);
  const lectureSeule = connexion.mode === 'lecture-seule';
  const liste = [...portail.rendezVous].sort((a, b) => Date.parse(b.debut) - Date.parse(a.debut));
  const parId = new Map(portail.rendezVous.map((r) => [r.id, r]));
  const enAttente = dossier.actions.filter((a) => a.type === 'rendez-vous');

  async function confirmerAnnulation(r: DonneesRendezVous): Promise<string | void> {
    if (!motif.trim()) return 'Un motif est obligatoire.';
    const cree = await api.call('rendezVous.annuler', {
      numero: dossier.numero,
      id: r.id,
      motif: motif.trim(),
    });
    props.recharger();
    const refus = await suivre([cree], {
      envoye: `Rendez-vous du ${date(r.debut)} annulé : l'usager est prévenu.`,
      enAttente: `Hors ligne : l'annulation du rendez-vous du ${date(r.debut)} est en file d'attente.`,
      refus: 'Le guichet a refusé cette annulation.',
    });
    props.recharger();
    if (refus) return refus;
    setAnnuler(null);
  }

  return (
    <>
      <section className="panneau" aria-labelledby="titre-rendez-vous">
        <h2 id="titre-rendez-vous">Rendez-vous</h2>
        {liste.length === 0 ? (
          <p className="vide">Aucun rendez-vous n'est planifié pour cette demande.</p>
        ) : (
          <table className="table-simple">
            <caption className="visuellement-cache">
              Rendez-vous de la demande, du plus tardif au plus proche
            </caption>
            <thead>
              <tr>
                <th scope="col">Date et heure</th>
                <th scope="col">Lieu</th>
                <th scope="col">Objet</th>
                <th scope="col">Statut</th>
                <th scope="col">
                  <span className="visuellement-cache">Commandes</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {liste.map((r) => {
                const quand = `du ${date(r.debut)} à ${heure.format(new Date(r.debut))}`;
                const ancien = r.remplace ? parId.get(r.remplace) : undefined;
                return (
                  <tr key={r.id} className={r.statut === 'annule' ? 'rdv-annule' : undefined}>
                    <td className="quand">
                      {date(r.debut)}
                      <div>{horaire(r)}</div>
                    </td>
                    <td>{r.lieu}</td>
                    <td>
                      {r.objet}
                      {ancien && (
                        <div className="discret petit">remplace le rendez-vous du {date(ancien.debut)}</div>
                      )}
                    </td>
                    <td>
                      <span className={`badge rdv-${r.statut}`}>{LIBELLE_STATUT_RENDEZ_VOUS[r.statut]}</span>
                      {r.statut === 'annule' && r.annulePar && (
                        <div className="petit">{PAR_QUI[r.annulePar]}</div>
                      )}
                      {r.motifAnnulation && <div className="discret petit">Motif : {r.motifAnnulation}</div>}
                    </td>
                    <td>
                      {r.statut === 'planifie' && (
                        <div className="commandes colonne">
                          <button
                            type="button"
                            className="compact"
                            onClick={() => {
                              setMotif('');
                              setAnnuler(r);
                            }}
                            disabled={lectureSeule}
                          >
                            Annuler le rendez-vous<span className="visuellement-cache"> {quand}</span>
                          </button>
                          <button
                            type="button"
                            className="compact"
                            onClick={() => setProposer({ remplace: r })}
                            disabled={lectureSeule}
                          >
                            Proposer un autre créneau<span className="visuellement-cache"> {quand}</span>
                          </button>
                        </div>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <ActionsEnAttente actions={enAttente} libelle="Rendez-vous non encore acquittés par le guichet" />
        {!proposer && (
          <div className="actions debut">
            <button type="button" onClick={() => setProposer({ remplace: null })} disabled={lectureSeule}>
              Proposer un rendez-vous
            </button>
          </div>
        )}
      </section>
      {proposer && (
        <ProposerRendezVous
          key={proposer.remplace?.id ?? 'nouveau'}
          numero={dossier.numero}
          remplace={proposer.remplace}
          fermer={() => setProposer(null)}
          recharger={props.recharger}
        />
      )}
      {annuler && (
        <DialogueFormulaire
          id="dialogue-annuler-rdv"
          titre={`Annuler le rendez-vous du ${date(annuler.debut)} à ${heure.format(new Date(annuler.debut))}`}
          envoyer="Annuler le rendez-vous"
          fermer="Garder le rendez-vous"
          danger
          onAnnuler={() => setAnnuler(null)}
          onEnvoyer={() => confirmerAnnulation(annuler)}
        >
          <p>
            {annuler.objet} — {annuler.lieu}. L'usager est prévenu de l'annulation et de son motif.
          </p>
          <ChampTexte
            id="motif-annulation-rdv"
            libelle="Motif de l’annulation (envoyé à l’usager)"
            rows={3}
            maxLength={1000}
            required
            valeur={motif}
            onValeur={setMotif}
          />
        </DialogueFormulaire>
      )}
    </>
  );
}
