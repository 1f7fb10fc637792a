import { hacherMotDePasse, PARAMETRES_SCRYPT_GRAINE } from '../auth/motDePasse.js';
import type { Depots } from '../db/depots.js';
import type { ServiceLigne } from '../db/referentiel.js';
import { TOUTES_DEMARCHES_DEMO, type ServiceDemo } from '../demo/index.js';

/**
 * Creates what is missing among the demo services, their accounts and démarches (existing rows
 * are kept as they are: seeding an existing database extends it).
 */
export async function assurerReferentielDemo(
  depots: Depots,
  services: readonly ServiceDemo[],
  maintenant: number,
): Promise<Map<string, ServiceLigne>> {
  const aCreer = services.flatMap((s) =>
    s.utilisateurs.filter((u) => !depots.utilisateurs.parIdentifiant(u.identifiant)).map((u) => ({ s, u })),
  );
  // Hash outside the transaction (scrypt is slow on purpose), all in parallel on the thread pool.
  // Demo passwords are public (printed, identifiants.json): the fast, older parameters, rehashed at
  // each account's first login (see PARAMETRES_SCRYPT_GRAINE).
  const haches = await Promise.all(
    aCreer.map(({ u }) => hacherMotDePasse(u.motDePasse, PARAMETRES_SCRYPT_GRAINE)),
  );
  return depots.db
    .transaction(() => {
      const lignes = new Map<string, ServiceLigne>();
      const demarches = TOUTES_DEMARCHES_DEMO.map((d) =>
        depots.referentiel.assurerDemarche({ ...d, piecesRequises: [...d.piecesRequises] }),
      );
      for (const s of services) {
        const ligne = depots.referentiel.assurerService(s.codeInsee, s.nom);
        lignes.set(s.codeInsee, ligne);
        for (const d of demarches) depots.referentiel.lierDemarche(ligne.id, d.id);
      }
      aCreer.forEach(({ s, u }, i) => {
        const service = lignes.get(s.codeInsee);
        const hache = haches[i];
        if (!service || hache === undefined || depots.utilisateurs.parIdentifiant(u.identifiant)) return;
        depots.utilisateurs.creer(
          {
            serviceId: service.id,
            identifiant: u.identifiant,
            nom: u.nom,
            prenom: u.prenom,
            courriel: u.courriel,
            habilitation: u.habilitation,
            active: true,
            motDePasseHache: hache,
          },
          maintenant,
        );
      });
      return lignes;
    })
    .immediate();
}
