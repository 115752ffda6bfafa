/** A request body refused at the edge: names the field by its JSON path. */
export class BodyInvalid extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'BodyInvalid';
  }
}
