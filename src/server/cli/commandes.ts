import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { iso } from '../horloge.js';
import {
  analyserDateIso,
  decrireDecalage,
  ecrireDecalage,
  ErreurFichierHorloge,
  lireDecalage,
  maintenantSelonFichier,
} from '../horloge-fichier.js';
import { demarrerServeur, purgerFichier, seed, soumettreFichier } from '../index.js';
import { ErreurDemarcheInconnue, ErreurServiceInconnu } from '../peuplement/soumission.js';
import { USAGE_USAGER } from './usage-usager.js';
import {
  analyser,
  analyserAvecValeurs,
  date,
  entier,
  ErreurUsage,
  nombre,
  proxys,
  requis,
} from './arguments.js';

const dire = (texte: string) => process.stdout.write(`${texte}\n`);
const informer = (texte: string) => process.stderr.write(`${texte}\n`);

export const USAGE = `Guichet de Suivi — serveur de référence

Utilisation : npm run guichet -- <commande> [options]

  seed   --db <fichier> --dossiers <n> [--seed <graine>] [--json] [--service <code INSEE>] [--travailleurs <n>]
         Crée (ou complète) une base de démonstration : mairies, comptes, n télédossiers.
         --json : n'écrit sur stdout que {"services":[…]} (comptes et mots de passe).
         --service : tous les nouveaux dossiers dans ce service (sinon répartis entre les mairies).
  serve  --db <fichier> [--port <p>] [--host 127.0.0.1] [--courriels <dossier>]
         [--decalage-jours <n> | --horloge-fichier <fichier>] [--trust-proxy <adresses>]
         Démarre l'API (affiche « Guichet prêt sur http://… » quand il écoute ; --port 0 = port libre).
         --trust-proxy : derrière un proxy inverse, ses adresses (IP ou CIDR, séparées par des virgules) ;
         X-Forwarded-For n'est cru que venant d'elles (limitation des connexions par adresse IP).
         --decalage-jours : horloge du serveur décalée de n jours (fixé au démarrage).
         --horloge-fichier : l'horloge suit ce fichier (écrit par « horloge »), relu sans redémarrer ;
         quand elle avance, la purge des 30 jours passe aussitôt.
  horloge --fichier <fichier> [<date ISO> | +Nj | +Nh] [--force]
         Règle l'horloge d'un guichet lancé avec --horloge-fichier (écriture atomique du fichier).
         +Nj / +Nh : avance de N jours / N heures ; date ISO 8601 avec fuseau (2026-12-31T08:00:00+01:00).
         L'heure ne recule pas sans --force (-Nj, -Nh ou une date antérieure). Sans valeur : affiche l'heure.
  submit --db <fichier> [--count <n>] [--service <code INSEE>] [--courriels <dossier>]
         [--now <date ISO> | --horloge-fichier <fichier>] [--portail [--demarche <code>]]
         Simule des dépôts d'usagers (état 5) et envoie les courriels aux agents.
         --portail : des demandes de portail citoyen (état « En attente ») avec demandeur, 1 à 4
         justificatifs (la plupart fournis) et parfois un rendez-vous ; --demarche : fiche-enfant,
         reservation-cantine-garderie, location-salle-municipale ou contacter-mairie.
         --service : tous les dossiers déposés vont à ce service (sinon répartis entre les mairies).
         --now : date de dépôt des dossiers (sinon l'heure de la machine, ou celle du fichier d'horloge).
  purge  --db <fichier> [--now <date ISO> | --horloge-fichier <fichier>]
         Supprime les dossiers déposés depuis 30 jours ou plus (rétention).
${USAGE_USAGER}

Courriels : SMTP si GUICHET_SMTP_URL est défini, sinon fichiers .eml dans <dossier de la base>/courriels/.`;

async function commandeSeed(args: string[]): Promise<void> {
  const v = analyser(args, {
    db: { type: 'string' },
    dossiers: { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'boolean', default: false },
    travailleurs: { type: 'string' },
    service: { type: 'string' },
  });
  const db = requis(v.db, 'db');
  const n = entier(requis(v.dossiers, 'dossiers'), 'dossiers', 0);
  const debut = performance.now();
  let dernier = 0;
  const resultat = await seed({
    db,
    dossiers: n,
    // Generation on every core but one share of the main thread (which inserts).
    travailleurs: entier(
      v.travailleurs,
      'travailleurs',
      n >= 2000 ? Math.max(1, os.availableParallelism()) : 0,
    ),
    ...(v.seed ? { graine: v.seed } : {}),
    ...(v.service ? { codeInsee: v.service } : {}),
    progression: (faits, total) => {
      if (faits - dernier >= 10_000 || faits === total) {
        dernier = faits;
        informer(`… ${faits} / ${total} télédossiers`);
      }
    },
  });
  const secondes = ((performance.now() - debut) / 1000).toFixed(1);
  const taille = ['', '-wal'].reduce((t, s) => t + (fs.existsSync(db + s) ? fs.statSync(db + s).size : 0), 0);
  informer(
    `Base ${db} : ${n} télédossiers créés en ${secondes} s (${(taille / 1024 / 1024).toFixed(1)} Mo).`,
  );
  if (v.json) {
    dire(JSON.stringify(resultat));
    return;
  }
  for (const s of resultat.services) {
    dire(`${s.nom} (code INSEE ${s.codeInsee})`);
    for (const u of s.utilisateurs)
      dire(`  ${u.habilitation.padEnd(11)} ${u.identifiant}  mot de passe : ${u.motDePasse}`);
  }
}

async function commandeServe(args: string[]): Promise<void> {
  const v = analyser(args, {
    db: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    courriels: { type: 'string' },
    'decalage-jours': { type: 'string' },
    'horloge-fichier': { type: 'string' },
    'trust-proxy': { type: 'string' },
  });
  const proxysDeConfiance = proxys(v['trust-proxy']);
  const fichierHorloge = v['horloge-fichier'];
  if (fichierHorloge === '') throw new ErreurUsage("--horloge-fichier attend le chemin d'un fichier.");
  if (fichierHorloge !== undefined && v['decalage-jours'] !== undefined)
    throw new ErreurUsage("--decalage-jours et --horloge-fichier s'excluent : choisissez l'un ou l'autre.");
  const serveur = await demarrerServeur({
    db: requis(v.db, 'db'),
    port: entier(v.port, 'port', 8080, 0),
    host: v.host ?? '127.0.0.1',
    ...(fichierHorloge !== undefined
      ? { horlogeFichier: fichierHorloge }
      : { decalageJours: nombre(v['decalage-jours'], 'decalage-jours', 0) }),
    ...(v.courriels ? { courriels: v.courriels } : {}),
    proxysDeConfiance,
  }).catch((e: unknown) => {
    if (e instanceof ErreurFichierHorloge) throw new ErreurUsage(e.message);
    throw e;
  });
  dire(`Guichet prêt sur ${serveur.url}`);
  informer(
    `API : ${serveur.url}/api/v1 (OpenAPI : ${serveur.url}/api/v1/openapi.json) — courriels : ${serveur.courriels}`,
  );
  if (proxysDeConfiance.length > 0)
    informer(`X-Forwarded-For cru venant de : ${proxysDeConfiance.join(', ')}`);
  await new Promise<void>((resolve) => {
    const arreter = (signal: string) => {
      informer(`${signal} reçu : arrêt du guichet…`);
      serveur.close().then(resolve, (e: unknown) => {
        informer(`Arrêt incomplet : ${e instanceof Error ? e.message : String(e)}`);
        process.exitCode = 1;
        resolve();
      });
    };
    process.once('SIGINT', () => arreter('SIGINT'));
    process.once('SIGTERM', () => arreter('SIGTERM'));
  });
}

async function commandeSubmit(args: string[]): Promise<void> {
  const v = analyser(args, {
    db: { type: 'string' },
    count: { type: 'string' },
    courriels: { type: 'string' },
    now: { type: 'string' },
    seed: { type: 'string' },
    service: { type: 'string' },
    'horloge-fichier': { type: 'string' },
    portail: { type: 'boolean', default: false },
    demarche: { type: 'string' },
  });
  const db = requis(v.db, 'db');
  if (!fs.existsSync(db)) throw new ErreurUsage(`La base ${db} n'existe pas : lancez d'abord « seed ».`);
  const maintenant = maintenantDemande(v.now, v['horloge-fichier']);
  const codeInsee = v.service?.trim();
  if (codeInsee === '') throw new ErreurUsage('--service attend un code INSEE (par exemple 75056).');
  const soumis = await soumettreFichier({
    db,
    nombre: entier(v.count, 'count', 1, 1),
    ...(maintenant ? { maintenant } : {}),
    ...(v.courriels ? { courriels: v.courriels } : {}),
    ...(v.seed ? { graine: v.seed } : {}),
    ...(codeInsee ? { codeInsee } : {}),
    ...(v.portail ? { portail: true } : {}),
    ...(v.demarche ? { demarche: v.demarche } : {}),
  }).catch((e: unknown) => {
    // A mistyped code is the caller's mistake: usage error (exit 2), with the codes that exist.
    if (e instanceof ErreurServiceInconnu || e instanceof ErreurDemarcheInconnue)
      throw new ErreurUsage(e.message);
    throw e;
  });
  for (const s of soumis) dire(`Déposé : ${s.numero} (${s.demarche}) → service ${s.codeInsee}`);
}

async function commandePurge(args: string[]): Promise<void> {
  const v = analyser(args, {
    db: { type: 'string' },
    now: { type: 'string' },
    'horloge-fichier': { type: 'string' },
  });
  const db = requis(v.db, 'db');
  if (!fs.existsSync(db)) throw new ErreurUsage(`La base ${db} n'existe pas.`);
  const { purges, blobsSupprimes } = await purgerFichier(
    db,
    maintenantDemande(v.now, v['horloge-fichier']) ?? new Date(),
  );
  for (const p of purges) dire(`Purgé : ${p.numero} (service ${p.codeInsee})`);
  dire(`${purges.length} télédossier(s) purgé(s), ${blobsSupprimes} fichier(s) orphelin(s) supprimé(s).`);
}

/** `--now <date>` or the time of a demo clock file (`--horloge-fichier`), never both. */
function maintenantDemande(now: string | undefined, fichier: string | undefined): Date | undefined {
  if (fichier === undefined) return date(now, 'now');
  if (now !== undefined)
    throw new ErreurUsage("--now et --horloge-fichier s'excluent : choisissez l'un ou l'autre.");
  if (fichier === '') throw new ErreurUsage("--horloge-fichier attend le chemin d'un fichier.");
  try {
    return maintenantSelonFichier(fichier);
  } catch (e) {
    if (e instanceof ErreurFichierHorloge) throw new ErreurUsage(e.message);
    throw e;
  }
}

const VALEUR_HORLOGE = 'une date ISO 8601 avec fuseau (2026-12-31T08:00:00+01:00) ou un décalage (+3j, +12h)';

/** `horloge --fichier <f> [<date ISO> | ±Nj | ±Nh] [--force]`: moves a running demo guichet's clock. */
async function commandeHorloge(args: string[]): Promise<void> {
  const { valeurs: v, positionnels } = analyserAvecValeurs(args, {
    fichier: { type: 'string' },
    force: { type: 'boolean', default: false },
  });
  const fichier = requis(v.fichier, 'fichier');
  if (positionnels.length > 1)
    throw new ErreurUsage(
      `horloge attend une seule valeur : ${VALEUR_HORLOGE} (reçu ${positionnels.length}).`,
    );
  const dossier = path.dirname(path.resolve(fichier));
  if (!fs.existsSync(dossier) || !fs.statSync(dossier).isDirectory())
    throw new ErreurUsage(`Le dossier du fichier d'horloge n'existe pas : ${dossier}`);

  const machine = Date.now();
  let decalageActuel: number;
  try {
    decalageActuel = lireDecalage(fichier) ?? 0;
  } catch (e) {
    if (!(e instanceof ErreurFichierHorloge)) throw e;
    // Unreadable: it can only be replaced knowingly (the current time is unknown).
    if (!v.force) throw new ErreurUsage(`${e.message} Pour le remplacer malgré tout : --force.`);
    decalageActuel = 0;
  }
  const actuel = machine + decalageActuel;
  const valeur = positionnels[0];
  if (valeur === undefined) {
    dire(`Horloge du guichet : ${iso(actuel)} (${decrireDecalage(decalageActuel)})`);
    return;
  }

  const relatif = /^([+-])(\d+)(j|h)$/.exec(valeur.trim());
  let cible: number;
  if (relatif) {
    const n = Number(relatif[2]) * (relatif[3] === 'j' ? 24 : 1) * 60 * 60 * 1000;
    cible = actuel + (relatif[1] === '-' ? -n : n);
  } else {
    const d = analyserDateIso(valeur);
    if (d === null)
      throw new ErreurUsage(`« ${valeur} » n'est pas une valeur d'horloge : attendu ${VALEUR_HORLOGE}.`);
    cible = d;
  }
  if (cible < actuel && !v.force)
    throw new ErreurUsage(
      `Refusé : ${iso(cible)} est antérieur à l'horloge actuelle du guichet (${iso(actuel)}). ` +
        "L'heure ne recule pas sans --force.",
    );
  ecrireDecalage(fichier, cible - machine, machine);
  dire(
    `Horloge du guichet : ${iso(cible)} (${decrireDecalage(cible - machine)}) — fichier ${path.resolve(fichier)}`,
  );
}

export const COMMANDES: Readonly<Record<string, (args: string[]) => Promise<void>>> = {
  seed: commandeSeed,
  serve: commandeServe,
  submit: commandeSubmit,
  purge: commandePurge,
  horloge: commandeHorloge,
  usager: async (args) => (await import('./usager.js')).commandeUsager(args),
};
