/** Study events published by ingest on Kafka and read by every other service. */
package io.radflow.events;
