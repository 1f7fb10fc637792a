import { api, versErreurApp } from '../api.js';
import { Message } from '../composants/Formulaire.js';
import { EnteteTableau } from '../composants/Tableau.js';
import { Titre } from '../composants/Titre.js';
import { useApp, useAppel, useEvenement } from '../contexte.js';
import { dateHeure, pluriel } from '../format.js';
import { decrireAction, LIBELLE_STATUT } from '../composants/actions-file.js';

export function FileAttente() {
  const { libelle, toast, aller, connexion } = useApp();
  const file = useAppel('fileAttente.lister', {});
  useEvenement('fileAttente.changee', () => file.recharger());

  async function agir(methode: 'fileAttente.reessayer' | 'fileAttente.annuler', id: string) {
    try {
      await api.call(methode, { id });
      file.recharger();
    } catch (e) {
      toast(versErreurApp(e).message, 'erreur');
    }
  }

  async function rejouer() {
    try {
      const c = await api.call('fileAttente.rejouer', {});
      toast(
        `File d'attente rejouée : ${c.enAttente} en attente, ${c.conflit} en conflit, ${c.refusee} refusée(s).`,
        'info',
      );
      file.recharger();
    } catch (e) {
      toast(versErreurApp(e).message, 'erreur');
    }
  }

  const actions = file.donnees?.actions ?? [];
  return (
    <>
      <div className="titre-ligne">
        <Titre>File d'attente</Titre>
        <button type="button" onClick={() => void rejouer()} disabled={connexion.mode === 'lecture-seule'}>
          Tout renvoyer maintenant
        </button>
      </div>
      <p className="discret">
        Les actions faites hors ligne attendent ici leur envoi au guichet, dans l'ordre où vous les avez
        faites.
      </p>
      <Message texte={file.erreur} />
      {file.donnees && actions.length === 0 && <p className="vide">Aucune action en file d'attente.</p>}
      {actions.length > 0 && (
        <table className="table-simple table-file">
          <EnteteTableau
            legende="Actions de la file d'attente"
            colonnes={['Créée le', 'Dossier(s)', 'Action', 'Statut', 'Erreur']}
          />
          <tbody>
            {actions.map((a) => (
              <tr key={a.id}>
                <td>{dateHeure(a.creeLe)}</td>
                <td>
                  {a.numeros.length === 1 && a.numeros[0] ? (
                    <button
                      type="button"
                      className="lien numero"
                      onClick={() => aller({ nom: 'dossier', numero: a.numeros[0] ?? '' })}
                    >
                      {a.numeros[0]}
                    </button>
                  ) : (
                    pluriel(a.numeros.length, 'dossier')
                  )}
                </td>
                <td>
                  {decrireAction(a, (e) => libelle(e))}
                  {a.commentaire && <div className="discret petit">« {a.commentaire} »</div>}
                </td>
                <td>
                  <span className={`badge statut-${a.statut}`}>{LIBELLE_STATUT[a.statut]}</span>
                  {a.tentatives > 0 && (
                    <div className="discret petit">{pluriel(a.tentatives, 'tentative')}</div>
                  )}
                  {a.prochainEssai && a.statut === 'en-attente' && (
                    <div className="discret petit">prochain essai : {dateHeure(a.prochainEssai)}</div>
                  )}
                </td>
                <td className="texte-erreur">{a.erreur ?? ''}</td>
                <td>
                  <div className="commandes">
                    {(a.statut === 'conflit' || a.statut === 'refusee' || a.statut === 'en-attente') && (
                      <button type="button" onClick={() => void agir('fileAttente.reessayer', a.id)}>
                        Réessayer
                      </button>
                    )}
                    {a.statut !== 'envoyee' && a.statut !== 'annulee' && a.statut !== 'en-cours' && (
                      <button type="button" onClick={() => void agir('fileAttente.annuler', a.id)}>
                        Annuler
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
