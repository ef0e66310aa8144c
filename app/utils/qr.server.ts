import QRCode from "qrcode";
import { getEnv } from "./env.server";

/** The public address of a survey link: PUBLIC_URL/s/<token>. */
export function surveyUrl(linkToken: string): string {
  return `${getEnv().PUBLIC_URL.replace(/\/$/, "")}/s/${linkToken}`;
}

export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}

export function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: "png", errorCorrectionLevel: "M", margin: 2, width: 600 });
}
