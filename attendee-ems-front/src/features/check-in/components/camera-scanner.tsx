import { Alert, Box } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '@/lib/i18n/i18n';
import { createQrDecoder } from '../scanner/qr-decoder';

/** Same code seen again within this window is the same badge still in front of the lens. */
const REPEAT_MS = 2500;

/** The camera view: decodes QR codes (BarcodeDetector, or jsQR loaded on first use) and hands each new code over. */
export function CameraScanner({ onScan }: { onScan: (code: string) => void }) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<'unavailable' | 'denied' | null>(null);
  const onScanRef = useRef(onScan);
  onScanRef.current = onScan;

  useEffect(() => {
    let stream: MediaStream | null = null;
    let frame = 0;
    let isStopped = false;
    const last = { code: '', at: 0 };
    (async () => {
      if (!navigator.mediaDevices?.getUserMedia) return setProblem('unavailable');
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
      } catch (error) {
        return setProblem(error instanceof DOMException && error.name === 'NotAllowedError' ? 'denied' : 'unavailable');
      }
      if (isStopped || !video.current) return stream.getTracks().forEach((track) => track.stop());
      video.current.srcObject = stream;
      await video.current.play().catch(() => undefined);
      const decode = await createQrDecoder();
      let lastTry = 0;
      const tick = async (now: number) => {
        if (isStopped) return;
        if (now - lastTry > 180 && video.current && video.current.readyState >= 2) {
          lastTry = now;
          const code = await decode(video.current);
          if (code && (code !== last.code || Date.now() - last.at > REPEAT_MS)) {
            last.code = code;
            last.at = Date.now();
            onScanRef.current(code);
          }
        }
        frame = requestAnimationFrame(tick);
      };
      frame = requestAnimationFrame(tick);
    })();
    return () => {
      isStopped = true;
      cancelAnimationFrame(frame);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, []);

  if (problem) {
    return (
      <Alert color="orange" role="alert">
        {t(problem === 'denied' ? 'checkIn.station.cameraDenied' : 'checkIn.station.cameraUnavailable')}
      </Alert>
    );
  }
  return (
    <Box style={{ borderRadius: 12, overflow: 'hidden', background: 'black', maxHeight: 320 }}>
      <video ref={video} muted playsInline aria-label={t('checkIn.station.cameraVideo')} style={{ width: '100%', maxHeight: 320, objectFit: 'cover', display: 'block' }} />
    </Box>
  );
}
