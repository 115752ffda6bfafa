import { replaceableObjectController } from '../receiver/ocpi-object.controller.js';
import { SESSION_KIND } from './session.kind.js';

/** `GET`, `PUT`, `PATCH ocpi/2.2.1/sessions/{country_code}/{party_id}/{session_id}`. */
export class SessionsController extends replaceableObjectController(SESSION_KIND) {}
