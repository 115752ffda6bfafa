import { replaceableObjectController } from '../receiver/ocpi-object.controller.js';
import { SESSION_KIND, SESSION_KIND_230 } from './session.kind.js';

/** `GET`, `PUT`, `PATCH ocpi/2.2.1/sessions/{country_code}/{party_id}/{session_id}`. */
export class SessionsController extends replaceableObjectController(SESSION_KIND) {}

/** The same routes under `ocpi/2.3.0/sessions/`, taking OCPI 2.3.0 Sessions. */
export class Sessions230Controller extends replaceableObjectController(SESSION_KIND_230) {}
