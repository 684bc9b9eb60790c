/** The app's circuit breakers, one per API, as a module client (tests bring their own clock). */
import { defineClient } from "../modules/clients.js";
import { CircuitBreakers } from "./circuit-breaker.js";

export const circuitBreakers = defineClient("circuit-breakers", () => new CircuitBreakers());
