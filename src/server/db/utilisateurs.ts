import type { Habilitation, Utilisateur } from '../../shared/api/schemas.js';
import type { Db } from './connexion.js';

export interface UtilisateurLigne extends Utilisateur {
  id: number;
  serviceId: number;
  motDePasseHache: string;
}

interface Brute {
  id: number;
  service_id: number;
  identifiant: string;
  nom: string;
  prenom: string;
  courriel: string;
  habilitation: Habilitation;
  active: number;
  mot_de_passe: string;
}

function versUtilisateur(l: Brute): UtilisateurLigne {
  return {
    id: l.id,
    serviceId: l.service_id,
    identifiant: l.identifiant,
    nom: l.nom,
    prenom: l.prenom,
    courriel: l.courriel,
    habilitation: l.habilitation,
    active: l.active === 1,
    motDePasseHache: l.mot_de_passe,
  };
}

/** Public view: never the password hash. */
export function utilisateurPublic(u: UtilisateurLigne): Utilisateur {
  return {
    identifiant: u.identifiant,
    nom: u.nom,
    prenom: u.prenom,
    courriel: u.courriel,
    habilitation: u.habilitation,
    active: u.active,
  };
}

export interface NouvelleLigneUtilisateur extends Utilisateur {
  serviceId: number;
  motDePasseHache: string;
}

export class DepotUtilisateurs {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      parIdentifiant: db.prepare<[string], Brute>('SELECT * FROM utilisateurs WHERE identifiant = ?'),
      parId: db.prepare<[number], Brute>('SELECT * FROM utilisateurs WHERE id = ?'),
      duService: db.prepare<[number], Brute>(
        'SELECT * FROM utilisateurs WHERE service_id = ? ORDER BY identifiant',
      ),
      actifsDuService: db.prepare<[number], Brute>(
        'SELECT * FROM utilisateurs WHERE service_id = ? AND active = 1 ORDER BY identifiant',
      ),
      inserer: db.prepare(
        `INSERT INTO utilisateurs (service_id, identifiant, nom, prenom, courriel, habilitation, active,
           mot_de_passe, cree_le, modifie_le)
         VALUES (@serviceId, @identifiant, @nom, @prenom, @courriel, @habilitation, @active, @motDePasseHache,
           @le, @le)`,
      ),
      modifier: db.prepare(
        `UPDATE utilisateurs SET nom = @nom, prenom = @prenom, courriel = @courriel,
           habilitation = @habilitation, active = @active, mot_de_passe = @motDePasseHache, modifie_le = @le
         WHERE id = @id`,
      ),
      rehacher: db.prepare<[string, number, string]>(
        'UPDATE utilisateurs SET mot_de_passe = ? WHERE id = ? AND mot_de_passe = ?',
      ),
      administrateursActifs: db.prepare<[number], { n: number }>(
        "SELECT count(*) AS n FROM utilisateurs WHERE service_id = ? AND active = 1 AND habilitation = 'GESTION'",
      ),
    };
  }

  parIdentifiant(identifiant: string): UtilisateurLigne | undefined {
    const l = this.stmts.parIdentifiant.get(identifiant);
    return l ? versUtilisateur(l) : undefined;
  }

  parId(id: number): UtilisateurLigne | undefined {
    const l = this.stmts.parId.get(id);
    return l ? versUtilisateur(l) : undefined;
  }

  duService(serviceId: number, seulementActifs = false): UtilisateurLigne[] {
    return (seulementActifs ? this.stmts.actifsDuService : this.stmts.duService)
      .all(serviceId)
      .map(versUtilisateur);
  }

  creer(u: NouvelleLigneUtilisateur, le: number): UtilisateurLigne {
    const id = Number(this.stmts.inserer.run({ ...u, active: u.active ? 1 : 0, le }).lastInsertRowid);
    return { ...u, id };
  }

  enregistrer(u: UtilisateurLigne, le: number): void {
    this.stmts.modifier.run({ ...u, active: u.active ? 1 : 0, le });
  }

  /**
   * Same password, stronger hash: not a change of the account (modifie_le stays). Only if the hash
   * is still `ancien`, so a password changed meanwhile is not overwritten.
   */
  rehacher(id: number, ancien: string, nouveau: string): void {
    this.stmts.rehacher.run(nouveau, id, ancien);
  }

  administrateursActifs(serviceId: number): number {
    return this.stmts.administrateursActifs.get(serviceId)?.n ?? 0;
  }
}
