import { expect } from "chai";

/**
 * Awaits a promise that must reject and returns the error, so the caller asserts on it with chai
 * (the suite does not use chai-as-promised). A fulfilment, or a rejection with a non-Error, fails.
 */
export async function expectRejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(Error);
    return error as Error;
  }
  return expect.fail("Expected the promise to reject, got a fulfilment");
}
