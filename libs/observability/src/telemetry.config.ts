/** The settings every process reads for its traces and its build's version; ServiceConfig and GatewayConfig extend it. */
import { Transform } from 'class-transformer';
import { IsIn, IsNumber, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { toNumber } from './config';
import { TRACES_EXPORTERS } from './tracing';
import type { TracesExporter, TracingOptions } from './tracing';

export class TelemetryConfig {
  /** The version this build is (the image's tag, set by deploy/Dockerfile); package.json's when unset. Shown in `weop_build_info`. */
  @IsOptional() @IsString() @Matches(/^[\w.+-]{1,64}$/, { message: 'must be a version: letters, digits, . + - _ (up to 64)' })
  WEOP_VERSION?: string;

  /** `none` (the default: no SDK loaded, nothing recorded), `otlp` (to OTEL_EXPORTER_OTLP_ENDPOINT) or `console`. */
  @IsIn(TRACES_EXPORTERS)
  WEOP_TRACES_EXPORTER: TracesExporter = 'none';

  /** The OpenTelemetry collector's OTLP/HTTP base URL; spans go to `<it>/v1/traces`. */
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'must be an http(s):// URL' })
  OTEL_EXPORTER_OTLP_ENDPOINT = 'http://localhost:4318';

  /** Share of new traces recorded, 0 to 1. Calls that arrive inside a recorded trace are always recorded. */
  @Transform(toNumber) @IsNumber() @Min(0) @Max(1)
  WEOP_TRACES_SAMPLE_RATIO = 1;
}

export const tracingOptions = (config: TelemetryConfig): TracingOptions => ({
  exporter: config.WEOP_TRACES_EXPORTER,
  otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  sampleRatio: config.WEOP_TRACES_SAMPLE_RATIO,
});
