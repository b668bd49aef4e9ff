# One image recipe for the three services: docker-compose passes SERVICE.
FROM eclipse-temurin:17-jdk AS build
ARG SERVICE
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -pl ${SERVICE} -am package -DskipTests -Dspring-javaformat.skip=true

FROM eclipse-temurin:17-jre
ARG SERVICE
RUN useradd --system --uid 10001 tijdig
USER tijdig
COPY --from=build /src/${SERVICE}/target/${SERVICE}-*-exec.jar /app/service.jar
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/service.jar"]
