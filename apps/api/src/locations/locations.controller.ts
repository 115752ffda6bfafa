import { replaceableObjectController } from '../receiver/ocpi-object.controller.js';
import { LOCATION_KIND, LOCATION_KIND_230 } from './location.kind.js';

/** `GET`, `PUT`, `PATCH ocpi/2.2.1/locations/{country_code}/{party_id}/{location_id}`. */
export class LocationsController extends replaceableObjectController(LOCATION_KIND) {}

/** The same routes under `ocpi/2.3.0/locations/`. */
export class Locations230Controller extends replaceableObjectController(LOCATION_KIND_230) {}
