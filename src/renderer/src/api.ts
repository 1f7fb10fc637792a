import {
  ENTETE_JETON,
  ErreurApp,
  WEB_APPEL,
  WEB_EVENEMENTS,
  type AppApi,
  type EventName,
  type EventPayload,
  type MethodArgs,
  type MethodName,
  type MethodResult,
} from '../../shared/app-api/index.js';

const CLE_JETON = 'guichet.jeton';

/** Turns whatever crossed the bridge (Error, plain object, string) into an `ErreurApp`. */
export function versErreurApp(e: unknown): ErreurApp {
  if (e instanceof ErreurApp) return e;
  if (e && typeof e === 'object') {
    const o = e as { code?: unknown; message?: unknown };
    if (typeof o.code === 'string' && typeof o.message === 'string') return new ErreurApp(o.code, o.message);
    if (typeof o.message === 'string') {
      // Electron copies rejected Errors with their message only; the preload prefixes the code.
      const m = /^\[([a-z0-9_-]+)\] ([\s\S]*)$/i.exec(
        o.message.replace(/^Error invoking remote method '[^']+': (Error: )?/, ''),
      );
      if (m?.[1] && m[2] !== undefined) return new ErreurApp(m[1], m[2]);
      return new ErreurApp('inconnue', o.message);
    }
  }
  return new ErreurApp('inconnue', String(e));
}

/** Reads the per-launch token of the web host from the URL (#jeton=… or ?jeton=…), then forgets it. */
function lireJeton(): string | null {
  const url = new URL(window.location.href);
  const fragment = new URLSearchParams(url.hash.replace(/^#/, ''));
  const jeton = fragment.get('jeton') ?? url.searchParams.get('jeton');
  if (jeton) {
    sessionStorage.setItem(CLE_JETON, jeton);
    url.hash = '';
    url.searchParams.delete('jeton');
    window.history.replaceState(null, '', url.pathname + url.search);
    return jeton;
  }
  return sessionStorage.getItem(CLE_JETON);
}

type Ecouteur = (donnees: unknown) => void;

/** The browser flavour of `AppApi`: HTTP POST for calls, Server-Sent Events for events. */
function creerClientWeb(): AppApi {
  const jeton = lireJeton() ?? '';
  const ecouteurs = new Map<string, Set<Ecouteur>>();
  let source: EventSource | null = null;

  function ouvrirFlux() {
    if (source) return;
    source = new EventSource(`${WEB_EVENEMENTS}?jeton=${encodeURIComponent(jeton)}`);
    source.onmessage = (msg: MessageEvent<string>) => {
      try {
        const { evenement, donnees } = JSON.parse(msg.data) as { evenement: string; donnees: unknown };
        for (const f of ecouteurs.get(evenement) ?? []) f(donnees);
      } catch {
        /* message illisible : ignoré */
      }
    };
  }

  return {
    async call<K extends MethodName>(methode: K, args: MethodArgs<K>): Promise<MethodResult<K>> {
      let reponse: Response;
      try {
        reponse = await fetch(WEB_APPEL, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [ENTETE_JETON]: jeton },
          body: JSON.stringify({ methode, args }),
        });
      } catch {
        throw new ErreurApp(
          'hote_injoignable',
          "L'application ne répond plus. Relancez « npm start » puis rouvrez l'adresse affichée.",
        );
      }
      if (reponse.status === 401) {
        throw new ErreurApp(
          'jeton_invalide',
          "Cette page n'est plus autorisée. Rouvrez l'adresse complète affichée au lancement de l'application.",
        );
      }
      const corps = (await reponse.json()) as
        { ok: true; resultat: MethodResult<K> } | { ok: false; erreur: { code: string; message: string } };
      if (corps.ok) return corps.resultat;
      throw new ErreurApp(corps.erreur.code, corps.erreur.message);
    },
    on<E extends EventName>(evenement: E, ecouteur: (donnees: EventPayload<E>) => void): () => void {
      ouvrirFlux();
      let set = ecouteurs.get(evenement);
      if (!set) ecouteurs.set(evenement, (set = new Set()));
      const f = ecouteur as Ecouteur;
      set.add(f);
      return () => set.delete(f);
    },
  };
}

/** Wraps the Electron bridge so that failures always surface as `ErreurApp`. */
function envelopper(pont: AppApi): AppApi {
  return {
    async call(methode, args) {
      try {
        return await pont.call(methode, args);
      } catch (e) {
        throw versErreurApp(e);
      }
    },
    on: (evenement, ecouteur) => pont.on(evenement, ecouteur),
  };
}

export const api: AppApi = window.guichet ? envelopper(window.guichet) : creerClientWeb();
