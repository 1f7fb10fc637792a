import { z } from 'zod';

/** Télédossier numbers as the guichet prints them: `A-5-` then 8 or 9 upper-case letters/digits. */
export const NUMERO_PATTERN = /^A-5-[A-Z0-9]{8,9}$/;

export const numeroSchema = z
  .string()
  .regex(NUMERO_PATTERN, 'Numéro de télédossier invalide (format attendu : A-5-XXXXXXXX).')
  .describe('Numéro de télédossier, A-5- suivi de 8 ou 9 lettres majuscules ou chiffres');

export type Numero = z.infer<typeof numeroSchema>;

export function isNumero(value: string): value is Numero {
  return NUMERO_PATTERN.test(value);
}

/** Accepts what an agent types (lower case, spaces) and returns the canonical numéro, or null. */
export function normaliserNumero(saisie: string): Numero | null {
  const candidat = saisie.trim().toUpperCase().replace(/\s+/g, '');
  return isNumero(candidat) ? candidat : null;
}
