import type { ContenuDossier } from '../../../shared/app-api/index.js';

/** What the citizen typed (donnees.xml of the archive), by section. */
export function Donnees(props: { contenu: ContenuDossier | null; erreur: string | null; archive: boolean }) {
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
