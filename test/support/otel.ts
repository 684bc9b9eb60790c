/**
 * The OpenTelemetry SDK as an application would register it (an AsyncLocalStorage context manager
 * and a tracer provider), exporting to memory, for the describe block that calls this; removed
 * after it, so other tests run without an SDK, as the app does by default.
 */
import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";

export function useOpenTelemetry(): InMemorySpanExporter {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  before(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(provider);
  });
  afterEach(() => {
    exporter.reset();
  });
  after(async () => {
    trace.disable();
    context.disable();
    await provider.shutdown();
  });
  return exporter;
}
