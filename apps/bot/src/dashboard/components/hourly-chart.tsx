export interface HourBucket {
  start: Date;
  deliveries: number;
  failed: number;
}

const WIDTH = 720;
const HEIGHT = 220;
const PAD = { left: 36, right: 8, top: 10, bottom: 26 };
const DELIVERIES = '#8fb3f0';
const FAILED = '#d64545';

/**
 * Deliveries and failures per hour, drawn on the server as SVG: each hour a bar of all
 * deliveries with its failed part over it. Readable without JavaScript or a chart library.
 */
export function HourlyChart(props: { buckets: HourBucket[] }) {
  const { buckets } = props;
  const max = Math.max(1, ...buckets.map((b) => b.deliveries));
  const top = niceCeiling(max);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, buckets.length);
  const barW = Math.max(2, slot * 0.7);
  const y = (n: number) => PAD.top + plotH - (n / top) * plotH;
  const total = buckets.reduce((sum, b) => sum + b.deliveries, 0);
  const failed = buckets.reduce((sum, b) => sum + b.failed, 0);
  return (
    <figure class="chart card" data-testid="hourly-chart">
      <div class="plot">
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          role="img"
          aria-label={`Last ${buckets.length} hours: ${total} deliveries, ${failed} failed`}
        >
          {[0, 0.5, 1]
            .filter((f) => Number.isInteger(top * f))
            .map((f) => (
              <g>
                <line
                  x1={PAD.left}
                  x2={WIDTH - PAD.right}
                  y1={y(top * f)}
                  y2={y(top * f)}
                  stroke="#e4e7ee"
                />
                <text
                  x={PAD.left - 6}
                  y={y(top * f) + 4}
                  text-anchor="end"
                  font-size="13"
                  fill="#5b6475"
                >
                  {top * f}
                </text>
              </g>
            ))}
          {buckets.map((b, i) => {
            const x = PAD.left + i * slot + (slot - barW) / 2;
            const bar = (n: number, fill: string) => (
              <rect
                x={x}
                y={y(n)}
                width={barW}
                height={PAD.top + plotH - y(n)}
                fill={fill}
                rx="2"
              />
            );
            const label = `${b.start.toISOString().slice(11, 16)} UTC: ${b.deliveries} deliveries, ${b.failed} failed`;
            return (
              <g>
                <title>{label}</title>
                {bar(b.deliveries, DELIVERIES)}
                {b.failed > 0 && bar(b.failed, FAILED)}
                {i % 6 === 0 && (
                  <text
                    x={x + barW / 2}
                    y={HEIGHT - 8}
                    text-anchor="middle"
                    font-size="13"
                    fill="#5b6475"
                  >
                    {b.start.toISOString().slice(11, 16)}
                  </text>
                )}
              </g>
            );
          })}
        </svg>
      </div>
      <figcaption class="legend">
        <span>
          <span class="swatch" style={`background:${DELIVERIES}`} />
          deliveries per hour
        </span>
        <span>
          <span class="swatch" style={`background:${FAILED}`} />
          failed
        </span>
        <span>hours in UTC</span>
      </figcaption>
    </figure>
  );
}

/** 1, 2 or 5 times a power of ten, at least `n`: gridlines at round numbers. */
function niceCeiling(n: number): number {
  const power = 10 ** Math.floor(Math.log10(n));
  for (const step of [1, 2, 5, 10]) if (step * power >= n) return step * power;
  return 10 * power;
}
