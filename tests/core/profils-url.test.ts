import { describe, expect, it } from 'vitest';
import { creerDepotProfils } from '../../src/main/profils/index.js';
import { dossierTemporaire } from './aide/guichet.js';

describe('profils : adresse du guichet', () => {
  const depot = creerDepotProfils(dossierTemporaire('profils-url-'));
  const saisie = (urlGuichet: string) => ({
    nom: 'Mairie',
    urlGuichet,
    identifiant: `a${Math.random()}`.slice(0, 20),
  });

  it('refuse http:// hors de la boucle locale, avec un message exact', () => {
    expect(() => depot.enregistrer(saisie('http://guichet.exemple.fr'))).toThrow(
      "L'adresse du guichet « http://guichet.exemple.fr » n'est pas chiffrée (http://) : le mot de passe y circulerait en clair. Utilisez une adresse en https://.",
    );
    expect(() => depot.enregistrer(saisie('http://10.0.0.1:8080'))).toThrow(/n'est pas chiffrée/);
    expect(depot.lister()).toEqual([]);
  });

  it('accepte https:// et http:// sur 127.0.0.1, localhost et [::1]', () => {
    for (const u of [
      'https://guichet.exemple.fr',
      'http://127.0.0.1:47800',
      'http://localhost:3000',
      'http://[::1]:80',
    ])
      expect(depot.enregistrer(saisie(u)).urlGuichet).toBe(u);
  });
});
