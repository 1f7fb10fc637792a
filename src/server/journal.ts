/** Server log lines go to stderr: stdout is reserved for what the CLI prints (URL, JSON). */
export interface Journal {
  info(message: string): void;
  avertir(message: string): void;
  erreur(message: string, cause?: unknown): void;
}

export function journalStderr(silencieux = false): Journal {
  const ecrire = (niveau: string, message: string) => {
    process.stderr.write(`${new Date().toISOString()} ${niveau} ${message}\n`);
  };
  return {
    info: (m) => {
      if (!silencieux) ecrire('info', m);
    },
    avertir: (m) => ecrire('avertissement', m),
    erreur: (m, cause) =>
      ecrire('erreur', cause instanceof Error ? `${m} : ${cause.stack ?? cause.message}` : m),
  };
}
