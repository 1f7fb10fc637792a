/**
 * `npm run instructeur -- <commande> …`: the desktop app's core without a window. Built on the same
 * Coeur as the app, so an action goes through exactly the same checks and the same outbox.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ErreurApp } from '../../shared/app-api/index.js';
import { analyser, ErreurUsage, USAGE, type Arguments } from './arguments.js';
import { COMMANDES } from './commandes.js';
import { ouvrirSessionCli } from './session.js';

async function principal(argv: string[]): Promise<number> {
  let a: Arguments;
  try {
    a = analyser(argv);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  const json = a.options.has('json');
  if (!a.commande || a.options.has('aide') || a.options.has('help')) {
    process.stdout.write(`${USAGE}\n`);
    return a.commande ? 0 : 2;
  }
  const commande = COMMANDES[a.commande];
  if (!commande) {
    process.stderr.write(`Commande inconnue : ${a.commande}\n\n${USAGE}\n`);
    return 2;
  }
  const donnees =
    (a.options.get('donnees') as string | undefined) ??
    process.env.GUICHET_DONNEES ??
    path.join(os.homedir(), '.config', 'guichet-instructeur');
  fs.mkdirSync(donnees, { recursive: true });
  let ctx: Awaited<ReturnType<typeof ouvrirSessionCli>> | null = null;
  try {
    ctx = await ouvrirSessionCli(a, donnees);
    const { resultat, message } = await commande(a, ctx);
    if (json)
      process.stdout.write(
        `${JSON.stringify({ ok: true, commande: a.commande, mode: ctx.mode(), ...resultat })}\n`,
      );
    else process.stdout.write(`${message}\n`);
    return 0;
  } catch (e) {
    const code = e instanceof ErreurApp ? e.code : e instanceof ErreurUsage ? 'usage' : 'interne';
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`Erreur : ${message}\n`);
    if (json)
      process.stdout.write(
        `${JSON.stringify({ ok: false, commande: a.commande, erreur: { code, message } })}\n`,
      );
    return e instanceof ErreurUsage ? 2 : 1;
  } finally {
    await ctx?.coeur.fermer();
  }
}

principal(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`Erreur inattendue : ${String(e)}\n`);
    process.exitCode = 1;
  },
);
