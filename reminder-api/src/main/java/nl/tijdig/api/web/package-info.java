/** How the pages pick their language: Dutch unless the visitor chooses English. */
package nl.tijdig.api.web;
