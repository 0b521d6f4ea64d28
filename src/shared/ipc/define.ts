import type { z } from 'zod';

/** A request (renderer → main → renderer): the input main validates and the output it promises. */
export interface RequestSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
}

/**
 * How main coalesces a high-rate stream before sending a batch to a window:
 * `all` keeps every item in order; `latest` keeps only the newest item per key (quotes, gauges).
 */
export type Coalescing<T> = { readonly keep: 'all' } | { readonly keep: 'latest'; readonly key: (item: T) => string };

/** An event stream (main → renderer), delivered in batches. */
export interface EventSpec<T extends z.ZodType = z.ZodType> {
  readonly item: T;
  readonly coalescing: Coalescing<z.output<T>>;
}

export function request<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): RequestSpec<I, O> {
  return { input, output };
}

export function event<T extends z.ZodType>(item: T, coalescing: Coalescing<z.output<T>> = { keep: 'all' }): EventSpec<T> {
  return { item, coalescing };
}
