import type { ReactNode } from 'react';
import type { Demandeur as DonneesDemandeur } from '../../../../shared/api/schemas.js';
import { date } from '../../format.js';
import { LIBELLE_CONTACT } from './libelles.js';

function Valeur(props: { children: ReactNode }) {
  return <dd>{props.children || <span className="discret">non renseigné</span>}</dd>;
}

/** « Le demandeur »: identité, adresse, moyens de contact, moyen préféré, personne concernée. */
export function Demandeur(props: { demandeur: DonneesDemandeur }) {
  const d = props.demandeur;
  return (
    <section className="panneau demandeur" aria-labelledby="titre-demandeur">
      <h2 id="titre-demandeur">Le demandeur</h2>
      <div className="rubriques-demandeur">
        <div>
          <h3>Identité</h3>
          <dl className="fiche">
            <dt>Civilité</dt>
            <Valeur>{d.civilite}</Valeur>
            <dt>Nom</dt>
            <Valeur>{d.nom}</Valeur>
            <dt>Prénom</dt>
            <Valeur>{d.prenom}</Valeur>
            <dt>Date de naissance</dt>
            <Valeur>{d.dateNaissance ? date(d.dateNaissance) : null}</Valeur>
            <dt>Personne concernée</dt>
            <Valeur>{d.concerne ?? 'le demandeur'}</Valeur>
          </dl>
          <h3>Adresse</h3>
          <address className="adresse">
            {d.adresse.ligne1}
            {d.adresse.ligne2 && (
              <>
                <br />
                {d.adresse.ligne2}
              </>
            )}
            <br />
            {d.adresse.codePostal} {d.adresse.commune}
          </address>
        </div>
        <div>
          <h3>Moyens de contact</h3>
          <dl className="fiche">
            <dt>Courriel</dt>
            <Valeur>{d.courriel}</Valeur>
            <dt>Téléphone</dt>
            <Valeur>{d.telephone}</Valeur>
            <dt>Mobile</dt>
            <Valeur>{d.mobile}</Valeur>
            <dt>Moyen préféré</dt>
            <dd>
              <strong>{LIBELLE_CONTACT[d.contactPrefere]}</strong>
            </dd>
          </dl>
        </div>
      </div>
    </section>
  );
}
