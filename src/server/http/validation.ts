import type { z } from 'zod';
import { ErreurApi } from './erreurs.js';

const LIEUX = { params: 'le chemin', query: 'les paramètres', body: 'le corps de la requête' } as const;

/** Parses request input with the route's schema; a failure is a French 400 listing every issue. */
export function valider<T extends z.ZodType>(
  schema: T,
  valeur: unknown,
  lieu: keyof typeof LIEUX,
): z.infer<T> {
  const resultat = schema.safeParse(valeur);
  if (resultat.success) return resultat.data;
  const details = resultat.error.issues.map((i) => ({
    champ: i.path.map(String).join('.') || null,
    message: i.message,
  }));
  const premier = details[0];
  const precision = premier ? ` (${premier.champ ? `${premier.champ} : ` : ''}${premier.message})` : '';
  throw new ErreurApi(400, 'requete_invalide', `Requête invalide dans ${LIEUX[lieu]}${precision}.`, {
    details,
  });
}
