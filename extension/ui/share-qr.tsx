import QRCode from 'qrcode';
import { useEffect, useState } from 'preact/hooks';

/**
 * The share link as a QR code for phones. Rendered to an SVG data URL (no canvas, no inline
 * script), which the extension pages' CSP allows; black on white in both themes so cameras read it.
 */
export function ShareQr(props: { url: string }) {
  const [src, setSrc] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toString(props.url, { type: 'svg', margin: 2, errorCorrectionLevel: 'M', color: { dark: '#000000', light: '#ffffff' } })
      .then((svg) => live && setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`))
      .catch((err: unknown) => live && setError(`Could not draw the QR code: ${err instanceof Error ? err.message : String(err)}`));
    return () => {
      live = false;
    };
  }, [props.url]);
  if (error) return <p class="field-error">{error}</p>;
  if (!src) return <p class="hint">Drawing QR code…</p>;
  return <img class="share-qr" src={src} width={160} height={160} alt="QR code of your share link: point your phone's camera at it to open your status page." />;
}
