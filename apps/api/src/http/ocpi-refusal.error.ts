/**
 * A refusal with its own OCPI status code (e.g. 3001 "unable to use the client's API" during a
 * credentials registration), for outcomes no domain rejection names: the exception filter
 * answers it in the envelope with the HTTP status given.
 */
export class OcpiRefusal extends Error {
  constructor(
    readonly http: number,
    readonly ocpi: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'OcpiRefusal';
  }
}
