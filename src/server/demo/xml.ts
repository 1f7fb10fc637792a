import type { DossierDemo } from './dossier.js';
import type { ServiceDemo } from './services.js';

/** Characters XML 1.0 does not allow at all (they are dropped), lone surrogates included. */
/* eslint-disable no-control-regex -- control characters are exactly what is matched */
const INTERDITS =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/* eslint-enable no-control-regex */
const A_ECHAPPER_TEXTE = /[&<>"'\r]/g;
const A_ECHAPPER_ATTRIBUT = /[&<>"'\r\n\t]/g;
const ENTITES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
  '\n': '&#10;',
  '\t': '&#9;',
};
const entite = (c: string): string => ENTITES[c] ?? c;

/** Cheap pre-check: only strings with one of these can contain a forbidden character. */
/* eslint-disable-next-line no-control-regex -- control characters are exactly what is matched */
const SUSPECTS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/;
const A_ECHAPPER = /[&<>"'\r\n\t]/;

function nettoyer(valeur: string): string {
  return SUSPECTS.test(valeur) ? valeur.replace(INTERDITS, '') : valeur;
}

/** Escapes text content: & < > " ' (and CR, which parsers would otherwise normalize away). */
export function echapperTexte(valeur: string): string {
  const v = nettoyer(valeur);
  return A_ECHAPPER.test(v) ? v.replace(A_ECHAPPER_TEXTE, entite) : v;
}

/** Escapes an attribute value: also tabs and newlines, which attribute normalization would lose. */
export function echapperAttribut(valeur: string): string {
  const v = nettoyer(valeur);
  return A_ECHAPPER.test(v) ? v.replace(A_ECHAPPER_ATTRIBUT, entite) : v;
}

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/**
 * entete.xml of the archive (format in src/shared/archive.ts): code démarche, numéro, courriel of
 * the citizen, submission date and routing data (code INSEE and name of the destination service).
 */
export function enteteXml(dossier: DossierDemo, service: ServiceDemo): string {
  return (
    `${DECLARATION}<entete>\n` +
    `  <codeDemarche>${echapperTexte(dossier.codeDemarche)}</codeDemarche>\n` +
    `  <numero>${echapperTexte(dossier.numero)}</numero>\n` +
    `  <courriel>${echapperTexte(dossier.courriel)}</courriel>\n` +
    `  <dateSoumission>${dossier.deposeLe.toISOString()}</dateSoumission>\n` +
    `  <routage>\n` +
    `    <codeInsee>${echapperTexte(service.codeInsee)}</codeInsee>\n` +
    `    <service>${echapperTexte(service.nom)}</service>\n` +
    `  </routage>\n` +
    `</entete>\n`
  );
}

/** donnees.xml of the archive: what the citizen typed, by section and champ. */
export function donneesXml(dossier: DossierDemo): string {
  const d = dossier.donnees;
  let xml = `${DECLARATION}<donnees demarche="${echapperAttribut(d.demarche)}" numero="${echapperAttribut(d.numero)}">\n`;
  for (const section of d.sections) {
    xml += `  <section titre="${echapperAttribut(section.titre)}">\n`;
    for (const champ of section.champs) {
      xml += `    <champ nom="${echapperAttribut(champ.nom)}" libelle="${echapperAttribut(champ.libelle)}">${echapperTexte(champ.valeur)}</champ>\n`;
    }
    xml += '  </section>\n';
  }
  return `${xml}</donnees>\n`;
}
