import type { ResultatVerification } from '../../../shared/app-api/index.js';
import { api, versErreurApp } from '../api.js';
import { useApp } from '../contexte.js';
import { dateHeure, pluriel } from '../format.js';
import { BarreTache, ListeNumeros, useTacheVerification } from './Tache.js';

/** What a finished check found, every numéro named. */
export function BilanVerification(props: { r: ResultatVerification }) {
  const { r } = props;
  const problemes = r.manquantes.length + r.endommagees.length;
  return (
    <div
      role="status"
      className={`alerte ${r.irrecuperables.length ? 'erreur' : problemes ? 'avertissement' : 'succes'}`}
    >
      <p>
        {r.annule ? 'Contrôle annulé' : 'Contrôle terminé'} :{' '}
        {pluriel(r.controlees, 'archive contrôlée', 'archives contrôlées')},{' '}
        {pluriel(r.intactes, 'intacte', 'intactes')}
        {problemes === 0 ? '.' : `, ${pluriel(problemes, 'à reprendre', 'à reprendre')}.`}
      </p>
      <ListeNumeros titre="Archives manquantes" numeros={r.manquantes} />
      <ListeNumeros titre="Archives endommagées" numeros={r.endommagees} />
      <ListeNumeros titre="Téléchargées de nouveau depuis le guichet" numeros={r.retelechargees} />
      <ListeNumeros
        titre="Irrécupérables (le guichet ne les sert plus)"
        numeros={r.irrecuperables}
        genre="erreur"
      />
    </div>
  );
}

/** « Dernier contrôle des archives » and « Contrôler les archives » with its progress and result. */
export function ControleArchives(props: {
  derniereVerification: string | null;
  nombreArchives: number;
  surFin: () => void;
}) {
  const { toast } = useApp();
  const tache = useTacheVerification(() => props.surFin());

  async function controler() {
    try {
      const r = await api.call('archives.verifier', {});
      tache.demarrer(r.tacheId, r.total);
    } catch (e) {
      toast(versErreurApp(e).message, 'erreur');
    }
  }

  return (
    <section className="panneau" aria-labelledby="titre-controle">
      <h2 id="titre-controle">Contrôle des archives</h2>
      <p>
        Dernier contrôle des archives :{' '}
        <strong>{props.derniereVerification ? dateHeure(props.derniereVerification) : 'jamais'}</strong>
      </p>
      <p className="discret petit">
        Relit chacune des {pluriel(props.nombreArchives, 'archive')} de ce poste et la compare à son empreinte
        SHA-256 ; une archive manquante ou endommagée est téléchargée de nouveau si le guichet la sert encore.
      </p>
      <button type="button" onClick={() => void controler()} disabled={tache.enCours}>
        Contrôler les archives
      </button>
      {tache.progression && (tache.enCours || !tache.resultat) && (
        <BarreTache
          id="barre-controle"
          libelle="Contrôle des archives en cours"
          unite={['archive', 'archives']}
          progression={tache.progression}
          enCours={tache.enCours}
          onAnnuler={() => void tache.annuler()}
        />
      )}
      {tache.resultat && <BilanVerification r={tache.resultat} />}
    </section>
  );
}
