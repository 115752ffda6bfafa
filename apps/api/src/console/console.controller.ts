import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';

/**
 * The console's only sources: everything it loads comes from this origin, so the page runs
 * without any outside host (the machines are offline) and injected markup cannot load or run
 * anything. `frame-src 'self'` lets the console show an invoice's HTML in a sandboxed frame.
 */
export const CONSOLE_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The files of the console, by the name the browser asks for, and their content types. */
const CONSOLE_FILES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'console.css': 'text/css; charset=utf-8',
  'console.js': 'text/javascript; charset=utf-8',
  'document.css': 'text/css; charset=utf-8',
};

/**
 * Where the static files are: next to this file when run from the sources (Jest), or in the
 * source tree when run from `dist/` (tsc copies no static files).
 */
function staticDirectory(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    join(here, 'static'),
    join(here, '..', '..', '..', '..', '..', 'apps', 'api', 'src', 'console', 'static'),
  ];
  const found = candidates.find((candidate) => existsSync(join(candidate, 'index.html')));
  if (found === undefined) throw new Error(`console files not found in ${candidates.join(', ')}`);
  return found;
}

/**
 * `GET /console`: the web console for dispute handlers and auditors (README, "Web console").
 * One HTML page, one stylesheet and one plain ES module, read once at start; the page calls the
 * JSON API with the token the user signs in with, so this controller needs no authentication.
 */
@ApiExcludeController()
@Controller('console')
export class ConsoleController {
  private readonly files = new Map<string, string>();

  constructor() {
    const directory = staticDirectory();
    for (const name of Object.keys(CONSOLE_FILES)) {
      this.files.set(name, readFileSync(join(directory, name), 'utf8'));
    }
  }

  @Get()
  page(@Res() response: Response): void {
    this.send('index.html', response);
  }

  @Get(':file')
  file(@Param('file') file: string, @Res() response: Response): void {
    if (file === 'index.html' || !Object.hasOwn(CONSOLE_FILES, file)) {
      throw new NotFoundException(`console file ${file} is unknown`);
    }
    this.send(file, response);
  }

  private send(name: string, response: Response): void {
    response.setHeader('Content-Type', CONSOLE_FILES[name]!);
    response.setHeader('Content-Security-Policy', CONSOLE_CONTENT_SECURITY_POLICY);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'no-referrer');
    response.setHeader('Cache-Control', 'no-cache');
    response.status(200).send(this.files.get(name));
  }
}
