import type { z } from 'zod';
import type { AppMethods, MethodName, MethodResult } from '../../../shared/app-api/index.js';
import type { Noyau } from '../noyau.js';

/** Arguments as the handler receives them: already parsed (defaults applied) by the method's schema. */
export type Args<K extends MethodName> = z.infer<AppMethods[K]['args']>;
export type Handler<K extends MethodName> = (
  args: Args<K>,
  noyau: Noyau,
) => Promise<MethodResult<K>> | MethodResult<K>;
export type Handlers = { [K in MethodName]: Handler<K> };
export type Domaine = Partial<Handlers>;
