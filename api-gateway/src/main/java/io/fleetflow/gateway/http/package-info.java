/**
 * What the gateway refuses before a request reaches a controller, each as a Kubernetes Status: path
 * tricks and multipart bodies ({@link io.fleetflow.gateway.http.RequestFirewall}), headers Tomcat
 * refuses ({@link io.fleetflow.gateway.http.KubeStatusErrorValve}), and the container's own error
 * path ({@link io.fleetflow.gateway.http.ErrorPath}).
 */
package io.fleetflow.gateway.http;
