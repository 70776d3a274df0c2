declare module 'parse-prometheus-text-format' {
  /** Parses Prometheus's text exposition format (prom2json's shape); validate what it returns. */
  export default function parsePrometheusTextFormat(text: string): unknown;
}
