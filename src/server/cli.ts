/**
 * `npm run guichet -- <commande>`: seed, serve, submit, purge. stdout carries only the result
 * (the URL, the JSON); progress and errors go to stderr, in French, with a non-zero exit code.
 */
import { COMMANDES, USAGE } from './cli/commandes.js';
import { ErreurUsage } from './cli/arguments.js';

async function principal(argv: string[]): Promise<number> {
  const [nom, ...args] = argv;
  if (nom === undefined || nom === '--help' || nom === '-h' || nom === 'aide') {
    process.stdout.write(`${USAGE}\n`);
    return nom === undefined ? 2 : 0;
  }
  const commande = COMMANDES[nom];
  if (!commande) {
    process.stderr.write(`Commande inconnue : ${nom}\n\n${USAGE}\n`);
    return 2;
  }
  try {
    await commande(args);
    return 0;
  } catch (e) {
    if (e instanceof ErreurUsage) {
      process.stderr.write(`Erreur : ${e.message}\n(npm run guichet -- --help pour l'aide)\n`);
      return 2;
    }
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`Erreur : ${message}\n`);
    if (process.env.GUICHET_DEBUG && e instanceof Error) process.stderr.write(`${e.stack ?? ''}\n`);
    return 1;
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
