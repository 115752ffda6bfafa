export * from './envelope.js';
export * from './validate.js';
export * from './dto/ocpi-enums.js';
export * from './dto/ocpi-types.js';
export * from './dto/location.dto.js';
export * from './dto/session.dto.js';
export * from './dto/cdr.dto.js';
export * from './dto/tariff.dto.js';
