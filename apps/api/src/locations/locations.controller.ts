import { replaceableObjectController } from '../receiver/ocpi-object.controller.js';
import { LOCATION_KIND } from './location.kind.js';

/** `GET`, `PUT`, `PATCH ocpi/2.2.1/locations/{country_code}/{party_id}/{location_id}`. */
export class LocationsController extends replaceableObjectController(LOCATION_KIND) {}
