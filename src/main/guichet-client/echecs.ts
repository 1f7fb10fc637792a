import { AxiosError } from 'axios';
import { ErreurReponse, ErreurReseau } from './erreurs.js';

/** Our own mistakes (bad option, malformed URL): retrying or blaming the network would hide them. */
const CODES_CONFIGURATION = new Set([
  'ERR_BAD_OPTION',
  'ERR_BAD_OPTION_VALUE',
  'ERR_INVALID_URL',
  'ERR_NOT_SUPPORT',
  'ERR_DEPRECATED',
]);

export interface ContexteEchec {
  /** « Détail d'un télédossier » du dossier X. */
  quoi: string;
  /** The per-attempt total deadline fired (the caller's own abort is handled before). */
  delaiDepasse: boolean;
  delaiTotalMs: number;
  tailleMaxOctets: number;
}

export interface EchecTransport {
  erreur: ErreurReseau | ErreurReponse;
  /** A reset before any answer: typically a kept-alive socket the guichet closed meanwhile. */
  socketPerime: boolean;
}

/**
 * What a failed request means. An answer that did not arrive whole (cut body, Content-Length
 * mismatch, reset, hang-up, axios' ERR_BAD_RESPONSE on an aborted stream) tells us nothing about
 * whether the guichet applied a write: it is a network failure, retried with the same idempotency
 * key, never a refusal. Only an answer too big to be read is the guichet's fault (not retried).
 */
export function classerEchec(e: unknown, ctx: ContexteEchec): EchecTransport {
  if (!(e instanceof AxiosError)) throw e;
  const code = e.code ?? '';
  if (CODES_CONFIGURATION.has(code)) throw e;
  if (/maxContentLength/.test(e.message)) {
    return {
      erreur: new ErreurReponse(
        `Réponse du guichet trop volumineuse (plus de ${enMo(ctx.tailleMaxOctets)} Mo) pour ${ctx.quoi}. Signalez-le à l'administrateur du guichet.`,
      ),
      socketPerime: false,
    };
  }
  if (ctx.delaiDepasse) {
    return {
      erreur: new ErreurReseau(
        `Le guichet n'a pas répondu entièrement en ${enSecondes(ctx.delaiTotalMs)} s pour ${ctx.quoi} : la connexion est trop lente ou le guichet est surchargé.`,
      ),
      socketPerime: false,
    };
  }
  if (e.response === undefined) {
    return {
      erreur: new ErreurReseau(`Le guichet est injoignable (${code || 'erreur réseau'}).`),
      socketPerime: code === 'ECONNRESET',
    };
  }
  return {
    erreur: new ErreurReseau(
      `La réponse du guichet pour ${ctx.quoi} a été interrompue avant la fin (connexion coupée).`,
    ),
    socketPerime: false,
  };
}

function enMo(octets: number): string {
  return (octets / (1024 * 1024)).toLocaleString('fr-FR', { maximumFractionDigits: 1 });
}

function enSecondes(ms: number): string {
  return (ms / 1000).toLocaleString('fr-FR', { maximumFractionDigits: 1 });
}
