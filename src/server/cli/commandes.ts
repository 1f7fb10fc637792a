import fs from 'node:fs';
import os from 'node:os';
import { demarrerServeur, purgerFichier, seed, soumettreFichier } from '../index.js';
import { analyser, date, entier, ErreurUsage, nombre, requis } from './arguments.js';

const dire = (texte: string) => process.stdout.write(`${texte}\n`);
const informer = (texte: string) => process.stderr.write(`${texte}\n`);

export const USAGE = `Guichet de Suivi — serveur de référence

Utilisation : npm run guichet -- <commande> [options]

  seed   --db <fichier> --dossiers <n> [--seed <graine>] [--json] [--service <code INSEE>] [--travailleurs <n>]
         Crée (ou complète) une base de démonstration : mairies, comptes, n télédossiers.
         --json : n'écrit sur stdout que {"services":[…]} (comptes et mots de passe).
         --service : tous les nouveaux dossiers dans ce service (sinon répartis entre les mairies).
  serve  --db <fichier> [--port <p>] [--host 127.0.0.1] [--courriels <dossier>] [--decalage-jours <n>]
         Démarre l'API (affiche « Guichet prêt sur http://… » quand il écoute ; --port 0 = port libre).
  submit --db <fichier> [--count <n>] [--courriels <dossier>] [--now <date ISO>]
         Simule des dépôts d'usagers (état 5) et envoie les courriels aux agents.
  purge  --db <fichier> [--now <date ISO>]
         Supprime les dossiers déposés depuis 30 jours ou plus (rétention).

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
  });
  const serveur = await demarrerServeur({
    db: requis(v.db, 'db'),
    port: entier(v.port, 'port', 8080, 0),
    host: v.host ?? '127.0.0.1',
    decalageJours: nombre(v['decalage-jours'], 'decalage-jours', 0),
    ...(v.courriels ? { courriels: v.courriels } : {}),
  });
  dire(`Guichet prêt sur ${serveur.url}`);
  informer(
    `API : ${serveur.url}/api/v1 (OpenAPI : ${serveur.url}/api/v1/openapi.json) — courriels : ${serveur.courriels}`,
  );
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
  });
  const db = requis(v.db, 'db');
  if (!fs.existsSync(db)) throw new ErreurUsage(`La base ${db} n'existe pas : lancez d'abord « seed ».`);
  const maintenant = date(v.now, 'now');
  const soumis = await soumettreFichier({
    db,
    nombre: entier(v.count, 'count', 1, 1),
    ...(maintenant ? { maintenant } : {}),
    ...(v.courriels ? { courriels: v.courriels } : {}),
    ...(v.seed ? { graine: v.seed } : {}),
  });
  for (const s of soumis) dire(`Déposé : ${s.numero} (${s.demarche}) → service ${s.codeInsee}`);
}

async function commandePurge(args: string[]): Promise<void> {
  const v = analyser(args, { db: { type: 'string' }, now: { type: 'string' } });
  const db = requis(v.db, 'db');
  if (!fs.existsSync(db)) throw new ErreurUsage(`La base ${db} n'existe pas.`);
  const { purges, blobsSupprimes } = await purgerFichier(db, date(v.now, 'now') ?? new Date());
  for (const p of purges) dire(`Purgé : ${p.numero} (service ${p.codeInsee})`);
  dire(`${purges.length} télédossier(s) purgé(s), ${blobsSupprimes} fichier(s) orphelin(s) supprimé(s).`);
}

export const COMMANDES: Readonly<Record<string, (args: string[]) => Promise<void>>> = {
  seed: commandeSeed,
  serve: commandeServe,
  submit: commandeSubmit,
  purge: commandePurge,
};
