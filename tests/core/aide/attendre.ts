/** Polls `condition` until it holds (the core works in the background after a call returns). */
export async function attendre<T>(
  condition: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  ms = 10_000,
): Promise<T> {
  const fin = Date.now() + ms;
  for (;;) {
    const r = await condition();
    if (r) return r;
    if (Date.now() > fin) throw new Error('Condition non atteinte à temps.');
    await new Promise((res) => setTimeout(res, 50));
  }
}

export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);
