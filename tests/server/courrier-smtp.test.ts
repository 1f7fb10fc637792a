import net from 'node:net';
import { SMTPServer, type SMTPServerAuthentication, type SMTPServerOptions } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appeler, arreterBanc, attendre, comptes, connecter, demarrerBanc, type Banc } from './aides.js';
import { soumettreFichier } from '../../src/server/index.js';

const SUJET_REINITIALISATION = 'Réinitialisation de votre mot de passe — Guichet de Suivi';
const JETON = /^([A-Za-z0-9_-]{43})\r?$/m;

interface Recu {
  de: string | false;
  a: string[];
  /** The authenticated SMTP user of the session, when the client logged in. */
  utilisateur: string | undefined;
  brut: string;
}

type Mode = 'accepter' | 'refuser-destinataire' | 'refuser-donnees' | 'retenir';

interface SmtpTest {
  port: number;
  recus: Recu[];
  authentifications: { methode: string; utilisateur: string; motDePasse: string }[];
  /** What the server does with the next mails; switched between tests on the same server. */
  mode: Mode;
  /** Releases the mails held in `retenir` mode. */
  liberer(): void;
  fermer(): Promise<void>;
}

class ErreurSmtp extends Error {
  constructor(
    message: string,
    readonly responseCode: number,
  ) {
    super(message);
  }
}

/** A real SMTP server on 127.0.0.1 (free port) that keeps what it receives. */
async function demarrerSmtp(auth?: { utilisateur: string; motDePasse: string }): Promise<SmtpTest> {
  let relacher: () => void = () => undefined;
  let retenue = Promise.resolve();
  const etat: SmtpTest = {
    port: 0,
    recus: [],
    authentifications: [],
    mode: 'accepter',
    liberer: () => relacher(),
    fermer: () => new Promise((fin) => serveur.close(fin)),
  };
  // Reply texts stay ASCII as real servers send them: nodemailer reads replies as Latin-1.
  const options: SMTPServerOptions = {
    // STARTTLS would need a certificate nodemailer trusts; the clear-text path is what is under test.
    disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: true,
    // The reverse lookup of the client address would query DNS: nothing leaves 127.0.0.1 here.
    disableReverseLookup: true,
    closeTimeout: 1000,
    logger: false,
    onAuth(a: SMTPServerAuthentication, _session, rappel) {
      const utilisateur = a.username ?? '';
      const motDePasse = a.password ?? '';
      etat.authentifications.push({ methode: a.method, utilisateur, motDePasse });
      if (auth && utilisateur === auth.utilisateur && motDePasse === auth.motDePasse)
        rappel(null, { user: utilisateur });
      else rappel(new ErreurSmtp('Authentication credentials invalid', 535));
    },
    onRcptTo(adresse, _session, rappel) {
      if (etat.mode === 'refuser-destinataire')
        rappel(new ErreurSmtp(`Mailbox ${adresse.address} unknown`, 550));
      else if (etat.mode === 'retenir') void retenue.then(() => rappel());
      else rappel();
    },
    onData(flux, session, rappel) {
      const morceaux: Buffer[] = [];
      flux.on('data', (m: Buffer) => morceaux.push(m));
      flux.on('end', () => {
        etat.recus.push({
          de: session.envelope.mailFrom && session.envelope.mailFrom.address,
          a: session.envelope.rcptTo.map((r) => r.address),
          utilisateur: typeof session.user === 'string' ? session.user : undefined,
          brut: Buffer.concat(morceaux).toString('utf8'),
        });
        if (etat.mode === 'refuser-donnees') rappel(new ErreurSmtp('Message rejected by filter', 554));
        else rappel();
      });
    },
  };
  const serveur = new SMTPServer(options);
  const armerRetenue = () => {
    retenue = new Promise((r) => {
      relacher = () => {
        r();
        armerRetenue();
      };
    });
  };
  armerRetenue();
  await new Promise<void>((pret, echec) => {
    serveur.server.once('error', echec);
    serveur.listen(0, '127.0.0.1', () => pret());
  });
  etat.port = (serveur.server.address() as net.AddressInfo).port;
  return etat;
}

/** A port on 127.0.0.1 where nothing listens (taken then released at once). */
async function portFerme(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((pret) => s.listen(0, '127.0.0.1', pret));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((fin) => s.close(fin));
  return port;
}

function octetsQuotedPrintable(texte: string): Buffer {
  const s = texte.replace(/=\r?\n/g, '');
  const octets: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const hex = s[i] === '=' ? /^[0-9A-Fa-f]{2}$/.exec(s.slice(i + 1, i + 3)) : null;
    if (hex) {
      octets.push(parseInt(hex[0], 16));
      i += 2;
    } else octets.push(s.charCodeAt(i));
  }
  return Buffer.from(octets);
}

/**
 * RFC 2047: adjacent encoded-words are joined without the blank between them, and decoded as one
 * byte string because an accented character may be split across two words.
 */
function decoderEntete(valeur: string): string {
  return valeur
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/(?:=\?utf-8\?[qb]\?[^?]*\?=)+/gi, (suite) =>
      Buffer.concat(
        [...suite.matchAll(/=\?[^?]+\?([qb])\?([^?]*)\?=/gi)].map(([, codage, texte = '']) =>
          codage?.toLowerCase() === 'b'
            ? Buffer.from(texte, 'base64')
            : octetsQuotedPrintable(texte.replace(/_/g, ' ')),
        ),
      ).toString('utf8'),
    );
}

/** Headers (decoded, names in lower case) and text body of a single-part mail as received. */
function lireCourriel(brut: string): { entetesBruts: string; entetes: Map<string, string>; corps: string } {
  const fin = brut.indexOf('\r\n\r\n');
  expect(fin).toBeGreaterThan(0);
  const entetesBruts = brut.slice(0, fin);
  const entetes = new Map<string, string>();
  for (const ligne of entetesBruts.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const deuxPoints = ligne.indexOf(':');
    entetes.set(ligne.slice(0, deuxPoints).toLowerCase(), decoderEntete(ligne.slice(deuxPoints + 1).trim()));
  }
  const brutCorps = brut.slice(fin + 4);
  const codage = (entetes.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const corps =
    codage === 'quoted-printable'
      ? octetsQuotedPrintable(brutCorps).toString('utf8')
      : codage === 'base64'
        ? Buffer.from(brutCorps, 'base64').toString('utf8')
        : brutCorps;
  return { entetesBruts, entetes, corps };
}

/** The courriel of an account, read through the API as its administrator sees it. */
async function courrielDe(b: Banc, identifiant: string, indexService = 0): Promise<string> {
  const { admin } = comptes(b, indexService);
  const token = await connecter(b.api, admin.identifiant, admin.motDePasse);
  const r = await appeler<{ courriel: string }>(`${b.api}/utilisateurs/${identifiant}`, { token });
  expect(r.status).toBe(200);
  return r.json.courriel;
}

function demanderReinitialisation(b: Banc, identifiant: string, courriel: string) {
  return appeler<{ message: string }>(`${b.api}/auth/mot-de-passe-perdu`, {
    body: { identifiant, courriel },
  });
}

/** Rejections nobody handled, collected so that a test can prove the failure path has none. */
const rejetsNonGeres: unknown[] = [];
const surRejet = (raison: unknown) => rejetsNonGeres.push(raison);
beforeAll(() => {
  process.on('unhandledRejection', surRejet);
});
afterAll(() => {
  process.off('unhandledRejection', surRejet);
});

describe('courriels par SMTP', () => {
  let smtp: SmtpTest;
  let b: Banc;
  beforeAll(async () => {
    smtp = await demarrerSmtp();
    b = await demarrerBanc(5, { smtpUrl: `smtp://127.0.0.1:${smtp.port}` });
  });
  afterAll(async () => {
    smtp.liberer();
    await arreterBanc(b);
    await smtp.fermer();
  });
  afterEach(() => {
    smtp.mode = 'accepter';
    smtp.liberer();
  });

  it('envoie le jeton de réinitialisation au SMTP, en français lisible, et ce jeton fonctionne', async () => {
    const { agent } = comptes(b);
    const courriel = await courrielDe(b, agent.identifiant);
    expect(b.serveur.courriels).toBe('SMTP');

    const faux = await demanderReinitialisation(b, agent.identifiant, 'autre@example.com');
    expect(faux.status).toBe(202);
    const r = await demanderReinitialisation(b, agent.identifiant, courriel);
    expect(r.status).toBe(202);
    await attendre(() => smtp.recus.length > 0);
    // The wrong courriel sent nothing: exactly one mail, to the address of the account.
    expect(smtp.recus).toHaveLength(1);
    const recu = smtp.recus[0]!;
    expect(recu.de).toBe('ne-pas-repondre@guichet.invalid');
    expect(recu.a).toEqual([courriel]);

    const { entetesBruts, entetes, corps } = lireCourriel(recu.brut);
    expect(entetes.get('subject')).toBe(SUJET_REINITIALISATION);
    expect(entetes.get('from')).toBe('Suivi des démarches en ligne <ne-pas-repondre@guichet.invalid>');
    expect(entetes.get('to')).toBe(courriel);
    expect(entetes.get('content-type')).toMatch(/^text\/plain; charset=utf-8$/i);
    expect(corps).toContain('Bonjour,');
    expect(corps).toContain(
      `Une demande de réinitialisation du mot de passe du compte « ${agent.identifiant} » a été faite.`,
    );
    expect(corps).toContain('valable 60 minutes et utilisable une seule fois');
    expect(corps).toContain(
      "Dans l’application Guichet Instructeur, à l’écran de connexion, choisissez « J'ai reçu un code de réinitialisation », puis saisissez ce code et votre nouveau mot de passe.",
    );
    expect(corps).toContain("Si vous n'êtes pas à l'origine de cette demande");
    expect(corps).toContain('L\'équipe "Suivi des démarches en ligne"');
    expect(corps).not.toContain('\uFFFD');

    const jeton = JETON.exec(corps)?.[1];
    expect(jeton).toBeDefined();
    // The token belongs in the body only: not in a header, not in the server log.
    expect(entetesBruts).not.toContain(jeton);
    expect(b.journal.lignes.join('\n')).not.toContain(jeton);
    expect(recu.brut).not.toContain(agent.motDePasse);

    const ok = await appeler(`${b.api}/auth/reinitialisation`, {
      body: { jeton, nouveau: 'mot-de-passe-reçu-par-smtp' },
    });
    expect(ok.status).toBe(200);
    expect(await connecter(b.api, agent.identifiant, 'mot-de-passe-reçu-par-smtp')).toBeTruthy();
    // Choosing the new password sends no mail, so it cannot leak that way.
    expect(smtp.recus).toHaveLength(1);
  });

  it('notifie par SMTP chaque compte actif du service à chaque dépôt simulé (guichet submit)', async () => {
    const { admin, service } = comptes(b, 1);
    const token = await connecter(b.api, admin.identifiant, admin.motDePasse);
    const liste = await appeler<{ utilisateurs: { courriel: string; active: boolean }[] }>(
      `${b.api}/utilisateurs`,
      { token },
    );
    const actifs = liste.json.utilisateurs.filter((u) => u.active).map((u) => u.courriel);
    expect(actifs.length).toBeGreaterThan(1);
    const avant = smtp.recus.length;
    const [soumis] = await soumettreFichier({
      db: b.db,
      nombre: 1,
      codeInsee: service.codeInsee,
      smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
      journal: b.journal,
    });
    // soumettreFichier waits for its mails before returning: they are all there already.
    const recus = smtp.recus.slice(avant);
    expect(recus.map((r) => r.a).sort()).toEqual(actifs.map((c) => [c]).sort());
    for (const recu of recus) {
      const { entetes, corps } = lireCourriel(recu.brut);
      expect(entetes.get('subject')).toMatch(new RegExp(`^Nouveau télédossier ${soumis!.numero} — \\S`));
      expect(corps).toContain(`Le dossier complet n°${soumis!.numero} est disponible.`);
      expect(corps).toContain("Vous pouvez modifier l'état d'avancement du dossier");
      expect(corps).not.toContain('\uFFFD');
    }
  });

  it("répond sans attendre le SMTP, et la fermeture du serveur attend l'envoi en cours", async () => {
    const { agent2 } = comptes(b);
    const courriel = await courrielDe(b, agent2.identifiant);
    const avant = smtp.recus.length;
    smtp.mode = 'retenir';
    const r = await demanderReinitialisation(b, agent2.identifiant, courriel);
    expect(r.status).toBe(202);
    expect(smtp.recus).toHaveLength(avant);

    let ferme = false;
    const fermeture = b.serveur.close().then(() => {
      ferme = true;
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(ferme).toBe(false);
    smtp.liberer();
    await fermeture;
    expect(smtp.recus).toHaveLength(avant + 1);
    expect(smtp.recus.at(-1)!.a).toEqual([courriel]);
    expect(rejetsNonGeres).toEqual([]);
  });
});

describe('courriels par SMTP en échec', () => {
  let smtp: SmtpTest;
  let b: Banc;
  beforeAll(async () => {
    smtp = await demarrerSmtp();
    // These tests ask for the same agent's reset mail more often than the per-identifiant limit (3).
    b = await demarrerBanc(5, {
      smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
      limites: { courrielsParIdentifiant: 50 },
    });
  });
  afterAll(async () => {
    await arreterBanc(b);
    await smtp.fermer();
  });
  afterEach(() => {
    smtp.mode = 'accepter';
  });

  it.each([
    ['refuse le destinataire', 'refuser-destinataire', /550 Mailbox .* unknown/],
    ['refuse le message après DATA', 'refuser-donnees', /554 Message rejected by filter/],
  ] as const)(
    'quand le SMTP %s : 202 quand même, une erreur au journal sans le jeton, le serveur continue',
    async (_cas, mode, reponseSmtp) => {
      const { agent } = comptes(b);
      const courriel = await courrielDe(b, agent.identifiant);
      const lignesAvant = b.journal.lignes.length;
      const recusAvant = smtp.recus.length;
      smtp.mode = mode;
      const r = await demanderReinitialisation(b, agent.identifiant, courriel);
      expect(r.status).toBe(202);
      // Only the errors: an info line (e.g. the retention purge) may land in between.
      const nouvelles = () => b.journal.lignes.slice(lignesAvant).filter((l) => l.startsWith('erreur '));
      await attendre(() => nouvelles().length > 0);
      const erreurs = nouvelles();
      expect(erreurs).toHaveLength(1);
      expect(erreurs[0]).toContain(`erreur Courriel « ${SUJET_REINITIALISATION} » à ${courriel} non envoyé`);
      expect(erreurs[0]).toMatch(reponseSmtp);
      // Refused after DATA, the SMTP server did see the token: the log must not repeat it.
      const vus = smtp.recus.slice(recusAvant);
      expect(vus).toHaveLength(mode === 'refuser-donnees' ? 1 : 0);
      for (const vu of vus) {
        const jeton = JETON.exec(lireCourriel(vu.brut).corps)?.[1];
        expect(jeton).toBeDefined();
        expect(erreurs[0]).not.toContain(jeton);
      }

      // The next mail goes through once the SMTP accepts again: nothing stays broken.
      smtp.mode = 'accepter';
      const dejaRecus = smtp.recus.length;
      expect((await demanderReinitialisation(b, agent.identifiant, courriel)).status).toBe(202);
      await attendre(() => smtp.recus.length > dejaRecus);
      expect(lireCourriel(smtp.recus.at(-1)!.brut).entetes.get('subject')).toBe(SUJET_REINITIALISATION);
      expect(rejetsNonGeres).toEqual([]);
    },
  );

  it("quand le SMTP ne répond pas (port fermé) : 202, l'échec est journalisé, le serveur s'arrête proprement", async () => {
    const port = await portFerme();
    const bFerme = await demarrerBanc(5, { smtpUrl: `smtp://127.0.0.1:${port}` });
    try {
      const { agent } = comptes(bFerme);
      const courriel = await courrielDe(bFerme, agent.identifiant);
      const r = await demanderReinitialisation(bFerme, agent.identifiant, courriel);
      expect(r.status).toBe(202);
      await attendre(() => bFerme.journal.lignes.some((l) => l.startsWith('erreur ')));
      const erreurs = bFerme.journal.lignes.filter((l) => l.startsWith('erreur '));
      expect(erreurs).toHaveLength(1);
      expect(erreurs[0]).toContain(`Courriel « ${SUJET_REINITIALISATION} » à ${courriel} non envoyé`);
      expect(erreurs[0]).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
      expect(erreurs[0]).not.toMatch(/[A-Za-z0-9_-]{43}/);
      const { admin } = comptes(bFerme);
      expect(await connecter(bFerme.api, admin.identifiant, admin.motDePasse)).toBeTruthy();
    } finally {
      await arreterBanc(bFerme);
    }
    expect(rejetsNonGeres).toEqual([]);
  });
});

describe('courriels par SMTP authentifié', () => {
  const identifiants = { utilisateur: 'guichet@mairie-exemple.fr', motDePasse: 'Mot de passe: sûr/@#?%' };
  let smtp: SmtpTest;
  beforeAll(async () => {
    smtp = await demarrerSmtp(identifiants);
  });
  afterAll(() => smtp.fermer());

  const url = (motDePasse: string) =>
    `smtp://${encodeURIComponent(identifiants.utilisateur)}:${encodeURIComponent(motDePasse)}@127.0.0.1:${smtp.port}`;

  it("s'authentifie avec l'utilisateur et le mot de passe de l'URL (encodés en %XX)", async () => {
    const b = await demarrerBanc(5, { smtpUrl: url(identifiants.motDePasse) });
    try {
      const { agent } = comptes(b);
      const courriel = await courrielDe(b, agent.identifiant);
      expect((await demanderReinitialisation(b, agent.identifiant, courriel)).status).toBe(202);
      await attendre(() => smtp.recus.length > 0);
      expect(smtp.authentifications.at(-1)).toMatchObject({
        utilisateur: identifiants.utilisateur,
        motDePasse: identifiants.motDePasse,
      });
      const recu = smtp.recus.at(-1)!;
      expect(recu.utilisateur).toBe(identifiants.utilisateur);
      expect(recu.a).toEqual([courriel]);
      expect(lireCourriel(recu.brut).entetes.get('subject')).toBe(SUJET_REINITIALISATION);
      // Neither the mail nor what the server prints may carry the SMTP password.
      expect(recu.brut).not.toContain(identifiants.motDePasse);
      expect(recu.brut).not.toContain(encodeURIComponent(identifiants.motDePasse));
      expect(b.serveur.courriels).toBe('SMTP');
      expect(b.journal.lignes.join('\n')).not.toContain('sûr');
    } finally {
      await arreterBanc(b);
    }
  });

  it('journalise le refus des identifiants SMTP sans les répéter, et répond 202 quand même', async () => {
    const mauvais = 'mauvais-mot-de-passe-smtp';
    const b = await demarrerBanc(5, { smtpUrl: url(mauvais) });
    try {
      const { agent } = comptes(b);
      const courriel = await courrielDe(b, agent.identifiant);
      const recusAvant = smtp.recus.length;
      expect((await demanderReinitialisation(b, agent.identifiant, courriel)).status).toBe(202);
      await attendre(() => b.journal.lignes.some((l) => l.startsWith('erreur ')));
      expect(smtp.authentifications.at(-1)).toMatchObject({ motDePasse: mauvais });
      const erreurs = b.journal.lignes.filter((l) => l.startsWith('erreur '));
      expect(erreurs).toHaveLength(1);
      expect(erreurs[0]).toContain(`Courriel « ${SUJET_REINITIALISATION} » à ${courriel} non envoyé`);
      expect(erreurs[0]).toMatch(/535/);
      expect(erreurs[0]).not.toContain(mauvais);
      expect(smtp.recus).toHaveLength(recusAvant);
    } finally {
      await arreterBanc(b);
    }
    expect(rejetsNonGeres).toEqual([]);
  });
});
