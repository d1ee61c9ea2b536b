/** The sweep module's web layer: its REST API ({@code /api/sweeps}) and its pages ({@code /sweeps}). */
package dev.anneal.sweep.web;
