import type { DossierIllisible } from '../../../shared/app-api/index.js';
import { api, versErreurApp } from '../api.js';
import { useApp } from '../contexte.js';
import { dateHeure, pluriel } from '../format.js';

export const ID_DOSSIERS_ILLISIBLES = 'dossiers-illisibles';

/**
 * « Dossiers illisibles »: what the guichet sent in a shape the app cannot trust. They are neither
 * stored nor archived; each one is named so that the agent can tell the guichet's administrator.
 * « Pris connaissance » stops the alerts, not the listing (an element whose numéro was unreadable
 * can never be matched again: without it, it would alert forever).
 */
export function DossiersIllisibles(props: { liste: DossierIllisible[]; surChangement: () => void }) {
  const { toast } = useApp();
  if (props.liste.length === 0) return null;
  const nonAcquittes = props.liste.filter((d) => !d.acquitte).length;

  async function acquitter() {
    try {
      const r = await api.call('illisibles.acquitter', {});
      toast(
        `Pris connaissance de ${pluriel(r.acquittes, 'dossier illisible', 'dossiers illisibles')}.`,
        'succes',
      );
      props.surChangement();
    } catch (e) {
      toast(versErreurApp(e).message, 'erreur');
    }
  }

  return (
    <section className="panneau pertes" id={ID_DOSSIERS_ILLISIBLES} aria-labelledby="titre-illisibles">
      <div className="titre-ligne">
        <h2 id="titre-illisibles">Dossiers illisibles</h2>
        {nonAcquittes > 0 && (
          <button type="button" onClick={() => void acquitter()}>
            Pris connaissance des dossiers illisibles
          </button>
        )}
      </div>
      <p className="discret petit">
        Le guichet a envoyé ces dossiers sous une forme non conforme : ils sont mis de côté, ni enregistrés ni
        archivés, et les autres dossiers sont synchronisés normalement. Prévenez l'administrateur du guichet ;
        chacun sera enregistré dès que le guichet l'enverra conforme.
      </p>
      <div className="table-defilante">
        <table className="table-simple">
          <caption className="visuellement-cache">Dossiers reçus sous une forme non conforme</caption>
          <thead>
            <tr>
              <th scope="col">Numéro</th>
              <th scope="col">Raison</th>
              <th scope="col">Reçu le</th>
            </tr>
          </thead>
          <tbody>
            {props.liste.map((d, i) => (
              <tr key={d.numero ?? `sans-numero-${i}`}>
                <td className="numero">{d.numero ?? <span className="discret">illisible</span>}</td>
                <td>{d.raison}</td>
                <td>
                  {dateHeure(d.le)}
                  {d.acquitte && <span className="discret"> — pris connaissance</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
