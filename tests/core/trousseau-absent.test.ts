import { describe, expect, it } from 'vitest';
import {
  creerTrousseau,
  MESSAGE_MODULE_ABSENT,
  TrousseauIndisponible,
} from '../../src/main/credentials/index.js';

describe('trousseau sans le module keytar installé', () => {
  it('dit pourquoi le mot de passe ne peut pas être mémorisé, sans rien écrire', async () => {
    // A real import of a module that is not installed: the same failure as keytar skipped by npm.
    const t = creerTrousseau({ importer: () => import('module-trousseau-absent-' + String(Date.now())) });
    await expect(t.ecrire('https://g|agent', 'secret')).rejects.toBeInstanceOf(TrousseauIndisponible);
    await expect(t.lire('https://g|agent')).rejects.toThrow(MESSAGE_MODULE_ABSENT);
    expect(MESSAGE_MODULE_ABSENT).toBe(
      "Le module du trousseau du système (keytar) n'est pas installé sur ce poste : le mot de passe ne peut pas être mémorisé et sera demandé à chaque connexion.",
    );
  });
});
