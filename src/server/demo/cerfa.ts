import { dateHeureParis } from './dates.js';
import { DETAILS_DEMARCHES, demarcheDemo } from './demarches.js';
import type { DossierDemo } from './dossier.js';
import { couperLignes, ecrirePdf, HAUTEUR_PAGE, LARGEUR_PAGE, PagePdf } from './pdf.js';
import type { ServiceDemo } from './services.js';

const MARGE = 40;
const X_VALEUR = 232;
const LARGEUR_LIBELLE = X_VALEUR - MARGE - 16;
const LARGEUR_VALEUR = LARGEUR_PAGE - MARGE - 8 - X_VALEUR;
const BAS = 62;
const INTERLIGNE = 11.5;

/** The name the CERFA gets inside the archive. */
export function nomCerfaPdf(dossier: DossierDemo): string {
  return `cerfa-${dossier.numero}.pdf`;
}

function entete(page: PagePdf, reference: string, sousTitre: string, intitule: string): number {
  // Bloc « République française » with a small tricolour flag.
  page.rectanglePleinRvb(MARGE, 800, 7, 14, 0, 0.137, 0.584);
  page.rectanglePleinRvb(MARGE + 14, 800, 7, 14, 0.929, 0.161, 0.224);
  page.cadre(MARGE, 800, 21, 14, 0.3);
  page.texte(MARGE, 786, 'RÉPUBLIQUE', { taille: 8, gras: true });
  page.texte(MARGE, 777, 'FRANÇAISE', { taille: 8, gras: true });
  page.texte(MARGE, 766, 'Liberté', { taille: 6.5 });
  page.texte(MARGE, 758, 'Égalité', { taille: 6.5 });
  page.texte(MARGE, 750, 'Fraternité', { taille: 6.5 });
  // Cartouche cerfa.
  const xCerfa = LARGEUR_PAGE - MARGE - 120;
  page.cadre(xCerfa, 760, 120, 50, 0.8);
  page.texte(xCerfa + 10, 788, 'cerfa', { taille: 18, gras: true });
  page.texte(xCerfa + 10, 770, reference.replace(/^cerfa\s+/i, ''), { taille: 9 });
  // Title.
  let y = 732;
  for (const ligne of couperLignes(sousTitre, LARGEUR_PAGE - 2 * MARGE, 14, true)) {
    page.texte(MARGE, y, ligne, { taille: 14, gras: true });
    y -= 17;
  }
  page.texte(MARGE, y, `Démarche en ligne : ${intitule}`, { taille: 9.5, gris: 0.25 });
  return y - 14;
}

function suite(page: PagePdf, numero: string): number {
  page.texte(MARGE, HAUTEUR_PAGE - 40, `Télédossier n° ${numero} (suite)`, {
    taille: 9,
    gras: true,
    gris: 0.3,
  });
  page.trait(MARGE, HAUTEUR_PAGE - 46, LARGEUR_PAGE - MARGE, HAUTEUR_PAGE - 46, 0.5, 0.6);
  return HAUTEUR_PAGE - 64;
}

/**
 * The CERFA-like form of a télédossier as a real PDF: démarche, numéro, reference, service, and
 * every section of the données as « libellé : valeur » rows. Deterministic and fast (no library).
 */
export function cerfaPdf(dossier: DossierDemo, service: ServiceDemo): Uint8Array {
  const demarche = demarcheDemo(dossier.codeDemarche);
  const intitule = demarche?.intitule ?? dossier.codeDemarche;
  const details = DETAILS_DEMARCHES[dossier.codeDemarche] ?? {
    cerfa: 'cerfa n° 00000*01',
    sousTitre: intitule,
  };
  const pages: PagePdf[] = [];
  let page = new PagePdf();
  pages.push(page);
  let y = entete(page, details.cerfa, details.sousTitre, intitule);

  // Cadre réservé à l'administration.
  const hauteurCadre = 62;
  page.rectanglePlein(MARGE, y - hauteurCadre, LARGEUR_PAGE - 2 * MARGE, hauteurCadre, 0.95);
  page.cadre(MARGE, y - hauteurCadre, LARGEUR_PAGE - 2 * MARGE, hauteurCadre, 0.5);
  page.texte(MARGE + 8, y - 14, `Télédossier n° ${dossier.numero}`, { taille: 11, gras: true });
  page.texte(MARGE + 8, y - 28, `Transmis le ${dateHeureParis(dossier.deposeLe)} (heure de Paris)`, {
    taille: 9,
  });
  page.texte(MARGE + 8, y - 41, `Service destinataire : ${service.nom} — code INSEE ${service.codeInsee}`, {
    taille: 9,
  });
  page.texte(MARGE + 8, y - 54, `Courriel de l'usager : ${dossier.courriel}`, { taille: 9 });
  page.texte(LARGEUR_PAGE - MARGE - 150, y - 14, 'Références du télédossier', {
    taille: 7,
    gris: 0.35,
  });
  y -= hauteurCadre + 18;

  let numeroSection = 0;
  for (const section of dossier.donnees.sections) {
    numeroSection++;
    if (y < BAS + 40) {
      page = new PagePdf();
      pages.push(page);
      y = suite(page, dossier.numero);
    }
    page.rectanglePlein(MARGE, y - 4, LARGEUR_PAGE - 2 * MARGE, 15, 0.82);
    page.texte(MARGE + 6, y, `${numeroSection}. ${section.titre}`, { taille: 9.5, gras: true });
    y -= 18;
    for (const champ of section.champs) {
      const libelles = couperLignes(champ.libelle, LARGEUR_LIBELLE, 8.5);
      const valeurs = couperLignes(champ.valeur === '' ? '—' : champ.valeur, LARGEUR_VALEUR, 9, true);
      const n = Math.max(libelles.length, valeurs.length);
      if (y - (n - 1) * INTERLIGNE < BAS) {
        page = new PagePdf();
        pages.push(page);
        y = suite(page, dossier.numero);
      }
      for (let i = 0; i < n; i++) {
        const libelle = libelles[i];
        const valeur = valeurs[i];
        if (libelle) page.texte(MARGE + 8, y - i * INTERLIGNE, libelle, { taille: 8.5, gris: 0.3 });
        if (valeur) page.texte(X_VALEUR, y - i * INTERLIGNE, valeur, { taille: 9, gras: true });
      }
      y -= (n - 1) * INTERLIGNE;
      page.trait(MARGE + 8, y - 4, LARGEUR_PAGE - MARGE - 8, y - 4, 0.3, 0.8);
      y -= 15;
    }
    y -= 6;
  }

  const total = pages.length;
  const pied = `${details.cerfa} — Télédossier ${dossier.numero} — ${service.nom}`;
  return ecrirePdf(
    pages.map((p, i) => {
      const fin = new PagePdf();
      fin.trait(MARGE, 44, LARGEUR_PAGE - MARGE, 44, 0.5, 0.6);
      fin.texte(MARGE, 32, pied, { taille: 7, gris: 0.35 });
      fin.texte(LARGEUR_PAGE - MARGE - 36, 32, `Page ${i + 1}/${total}`, { taille: 7, gris: 0.35 });
      fin.texte(
        MARGE,
        22,
        "Formulaire transmis par voie électronique ; les données sont celles saisies par l'usager.",
        {
          taille: 6.5,
          gris: 0.45,
        },
      );
      return p.contenu + fin.contenu;
    }),
    {
      titre: `${intitule} — télédossier ${dossier.numero}`,
      sujet: details.sousTitre,
      auteur: service.nom,
      creeLe: dossier.deposeLe,
    },
  );
}
