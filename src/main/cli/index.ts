/**
 * `npm run instructeur -- <commande> …`: the desktop app's core without a window. Built on the same
 * Coeur as the app, so an action goes through exactly the same checks and the same outbox.
 *
 * Exit codes: 0 all is well; 1 error; 2 usage error; 3 alert (a dossier at risk, a loss not
 * acknowledged, an archive missing or damaged) — see CODES in commandes.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ErreurApp } from '../../shared/app-api/index.js';
import { analyser, echapperTexte, ErreurUsage, jsonSur, USAGE, type Arguments } from './arguments.js';
import { CODES, COMMANDES } from './commandes.js';
import { ouvrirSessionCli } from './session.js';

async function principal(argv: string[]): Promise<number> {
  let a: Arguments;
  try {
    a = analyser(argv);
  } catch (e) {
    process.stderr.write(`Erreur : ${echapperTexte((e as Error).message)}\n`);
    return CODES.usage;
  }
  const json = a.options.has('json');
  if (a.options.has('aide') || a.options.has('help')) {
    process.stdout.write(`${USAGE}\n`);
    return CODES.ok;
  }
  if (!a.commande) {
    process.stderr.write(`${USAGE}\n`);
    return CODES.usage;
  }
  const commande = COMMANDES[a.commande];
  if (!commande) {
    process.stderr.write(`Commande inconnue : ${echapperTexte(a.commande)}\n\n${USAGE}\n`);
    return CODES.usage;
  }
  const donnees =
    (a.options.get('donnees') as string | undefined) ??
    process.env.GUICHET_DONNEES ??
    path.join(os.homedir(), '.config', 'guichet-instructeur');
  fs.mkdirSync(donnees, { recursive: true });
  let ctx: Awaited<ReturnType<typeof ouvrirSessionCli>> | null = null;
  try {
    ctx = await ouvrirSessionCli(a, donnees);
    const { resultat, message, code = CODES.ok, erreur } = await commande(a, ctx);
    if (json)
      process.stdout.write(
        `${jsonSur({
          ok: code !== CODES.erreur,
          commande: a.commande,
          mode: ctx.mode(),
          ...resultat,
          ...(erreur ? { erreur } : {}),
        })}\n`,
      );
    else process.stdout.write(`${echapperTexte(message)}\n`);
    if (erreur) process.stderr.write(`Erreur : ${echapperTexte(erreur.message)}\n`);
    return code;
  } catch (e) {
    const code = e instanceof ErreurApp ? e.code : e instanceof ErreurUsage ? 'usage' : 'interne';
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`Erreur : ${echapperTexte(message)}\n`);
    if (json)
      process.stdout.write(`${jsonSur({ ok: false, commande: a.commande, erreur: { code, message } })}\n`);
    return e instanceof ErreurUsage ? CODES.usage : CODES.erreur;
  } finally {
    await ctx?.coeur.fermer();
  }
}

principal(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`Erreur inattendue : ${echapperTexte(String(e))}\n`);
    process.exitCode = CODES.erreur;
  },
);
