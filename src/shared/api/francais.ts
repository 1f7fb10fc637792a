import { z } from 'zod';

// zod's messages reach the agent (a non-conforming guichet answer, an IPC argument, a 400 of the
// guichet): French for every process, set by the module every schema file imports first.
z.config(z.locales.fr());
