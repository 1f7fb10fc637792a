import { z } from 'zod';
import { appMethods, type MethodName } from '../../shared/app-api/methods.js';
import type { Coeur } from '../app/coeur.js';

/** What the hosts accept from the renderer: a known method name and its arguments. */
export const demandeAppelSchema = z.object({
  methode: z.string().refine((m): m is MethodName => Object.hasOwn(appMethods, m), 'Méthode inconnue.'),
  args: z.unknown(),
});

export type ReponseApp =
  { ok: true; resultat: unknown } | { ok: false; erreur: { code: string; message: string } };

/** Turns any failure into the `{code, message}` the renderer shows; unexpected ones are logged. */
export function versErreur(e: unknown, journal: (m: string) => void): { code: string; message: string } {
  if (e instanceof z.ZodError) {
    const premier = e.issues[0];
    return {
      code: 'validation',
      message: premier
        ? `Donnée invalide (${premier.path.join('.') || 'requête'}) : ${premier.message}`
        : 'Donnée invalide.',
    };
  }
  if (e && typeof e === 'object') {
    const o = e as { code?: unknown; message?: unknown; name?: unknown };
    if (typeof o.code === 'string' && typeof o.message === 'string' && !/^E[A-Z]+$/.test(o.code)) {
      return { code: o.code, message: o.message };
    }
  }
  journal(`Erreur inattendue du cœur : ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  return { code: 'interne', message: "Erreur interne de l'application. Le détail est dans le journal." };
}

/** One call from the renderer (IPC or HTTP) to the core, answered as `reponseAppSchema`. */
export async function executerAppel(
  coeur: Coeur,
  corps: unknown,
  journal: (m: string) => void,
): Promise<ReponseApp> {
  const demande = demandeAppelSchema.safeParse(corps);
  if (!demande.success) {
    return { ok: false, erreur: { code: 'methode_inconnue', message: 'Appel invalide : méthode inconnue.' } };
  }
  try {
    const resultat = await coeur.appeler(demande.data.methode as MethodName, demande.data.args ?? {});
    return { ok: true, resultat };
  } catch (e) {
    return { ok: false, erreur: versErreur(e, journal) };
  }
}
