import type { CameraFrame, EncodedImage } from '../../shared/ipc-contract';

function draw(video: HTMLVideoElement): HTMLCanvasElement {
  if (video.videoWidth === 0) throw new Error('the camera has not delivered a picture yet');
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  canvas.getContext('2d')!.drawImage(video, 0, 0);
  return canvas;
}

/** The current picture, unmirrored, as raw RGBA for main to match. */
export function grabRgbaFrame(video: HTMLVideoElement): CameraFrame {
  const canvas = draw(video);
  const pixels = canvas.getContext('2d', { willReadFrequently: true })!.getImageData(0, 0, canvas.width, canvas.height).data;
  return { width: canvas.width, height: canvas.height, rgba: new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.length) };
}

/** The current picture as a JPEG, the way a photographed document arrives from a file. */
export async function grabJpeg(video: HTMLVideoElement, fileName: string): Promise<EncodedImage> {
  const canvas = draw(video);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.92));
  if (!blob) throw new Error('the camera picture could not be encoded');
  return { fileName, bytes: new Uint8Array(await blob.arrayBuffer()) };
}
